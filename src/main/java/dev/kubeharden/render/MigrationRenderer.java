package dev.kubeharden.render;

import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.Migration;
import dev.kubeharden.model.Migration.Kind;
import dev.kubeharden.model.Migration.Step;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Migration}: the node's whole KubeletConfiguration at its own --config path, the
 * systemd drop-in that starts the kubelet with that file and the flags that have no config field,
 * the profile's file-owner and kernel-setting files as generate writes them, and REPORT.md and
 * report.json.
 */
public final class MigrationRenderer {
  private final Templates templates;

  public MigrationRenderer(Templates templates) {
    this.templates = templates;
  }

  /** Every file of the migration bundle, by bundle path. */
  public Bundle render(Migration m) {
    ResolvedProfile rp = m.profile();
    Map<String, Object> base = BundleRenderer.header(rp);
    base.put("node", oneLine(m.node()));
    base.put("configPath", m.configPath());
    Map<String, String> files = new LinkedHashMap<>();
    files.put(configFile(m), config(m, base));
    Map<String, Object> dropin = new LinkedHashMap<>(base);
    dropin.put("chmods", BundleRenderer.chmods(rp.files()));
    List<String> words = new ArrayList<>();
    words.add(SystemdWords.quote(m.kubeletPath()));
    m.flags().forEach(f -> words.add(SystemdWords.quote(f)));
    dropin.put("command", String.join(" ", words));
    files.put(
        NodePaths.inBundle(NodePaths.SYSTEMD_DROPIN),
        templates.render("migrate/kubelet-systemd-dropin.conf.mustache", dropin));
    Map<String, String> generated = new BundleRenderer(templates).render(rp, false).files();
    for (String nodePath : List.of(NodePaths.TMPFILES, NodePaths.SYSCTL)) {
      String text = generated.get(NodePaths.inBundle(nodePath));
      if (text != null) {
        files.put(NodePaths.inBundle(nodePath), text);
      }
    }
    files.put(NodePaths.REPORT_MD, templates.render("migrate/REPORT.md.mustache", report(m, base)));
    files.put(
        NodePaths.REPORT_JSON, Json.write(json(m, Manifest.of(files, NodePaths.REPORT_JSON))));
    return new Bundle(files);
  }

  /** The bundle path of the migrated KubeletConfiguration. */
  public static String configFile(Migration m) {
    return NodePaths.inBundle(m.configPath());
  }

  /** YAML, or JSON when the node's file is named *.json (comments cannot go there). */
  private String config(Migration m, Map<String, Object> base) {
    if (m.configPath().endsWith(".json")) {
      JsonObject doc = new JsonObject();
      doc.put("apiVersion", KubeletSchema.API_VERSION);
      doc.put("kind", KubeletSchema.KIND);
      for (ResolvedSetting s : m.config().values()) {
        nest(doc, s.path(), s.value());
      }
      return Json.write(doc);
    }
    Map<String, Object> scope = new LinkedHashMap<>(base);
    scope.put("lines", ConfigLines.of(m.config()));
    return templates.render("migrate/kubelet-config.yaml.mustache", scope);
  }

  /** A JSON object being built from dotted paths. */
  private static final class JsonObject extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;
  }

  private static void nest(JsonObject doc, String path, Object value) {
    String[] parts = path.split("\\.", -1);
    JsonObject at = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      at = (JsonObject) at.computeIfAbsent(parts[i], k -> new JsonObject());
    }
    at.put(parts[parts.length - 1], value);
  }

  private static Map<String, Object> report(Migration m, Map<String, Object> base) {
    Map<String, Object> s = new LinkedHashMap<>(base);
    s.put("kubeletPath", m.kubeletPath());
    s.put("inputs", m.inputs().stream().map(Markdown::escape).toList());
    s.put("notes", m.notes().stream().map(Markdown::escape).toList());
    s.put("notesAny", !m.notes().isEmpty());
    s.put("summary", summary(m));
    for (Kind k : Kind.values()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Step st : m.steps(k)) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("subject", Markdown.escape(st.subject()));
        r.put("field", st.field() == null ? "-" : Markdown.escape(st.field()));
        r.put("before", Markdown.escape(Values.show(st.before())));
        r.put("after", Markdown.escape(Values.show(st.after())));
        r.put("where", Markdown.escape(st.where()));
        r.put("why", Markdown.escape(st.why()));
        rows.add(r);
      }
      s.put(k.label(), rows);
      s.put(k.label() + "Count", rows.size());
      s.put(k.label() + "Any", !rows.isEmpty());
    }
    return s;
  }

  /** One sentence of counts, for the report and the command's output. */
  public static String summary(Migration m) {
    return m.steps(Kind.MOVED).size()
        + " flags moved to the config file, "
        + m.steps(Kind.KEPT).size()
        + " kept as flags, "
        + m.steps(Kind.MERGED).size()
        + " values merged from drop-ins and legacy defaults, "
        + m.steps(Kind.HARDENED).size()
        + " settings changed by the hardening";
  }

  private static Map<String, Object> json(Migration m, Map<String, String> manifest) {
    ResolvedProfile rp = m.profile();
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("generator", "kubeharden");
    j.put("kind", "migration");
    j.put("profile", rp.name());
    j.put("chain", rp.chain());
    j.put("kubernetesVersion", rp.version().toString());
    j.put("node", m.node());
    j.put("configPath", m.configPath());
    List<String> command = new ArrayList<>();
    command.add(m.kubeletPath());
    command.addAll(m.flags());
    j.put("command", command);
    j.put("inputs", m.inputs());
    for (Kind k : Kind.values()) {
      List<Map<String, Object>> steps = new ArrayList<>();
      for (Step st : m.steps(k)) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("subject", st.subject());
        o.put("field", st.field());
        o.put("before", st.before());
        o.put("after", st.after());
        o.put("where", st.where());
        o.put("why", st.why());
        steps.add(o);
      }
      j.put(k.label(), steps);
    }
    j.put("notes", m.notes());
    j.put(Manifest.FIELD, manifest);
    return j;
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
  }
}
