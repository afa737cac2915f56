package dev.kubeharden.render;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.ExceptionUse;
import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle report: every control applied, disabled or not applicable, what it produced, every
 * exception with its owner, ticket, expiry and what it did, and the warnings.
 */
final class Report {
  /** report.json's kind and version (its JSON Schema: kubeharden/schemas/report.schema.json). */
  static final String SCHEMA = "kubeharden.dev/report/v1";

  private final ResolvedProfile rp;
  private final List<String> files;

  private final Map<String, List<String>> nodeMustProvide;
  private final List<String> targets;
  private final Map<String, List<String>> gaps;

  Report(
      ResolvedProfile rp,
      Collection<String> renderedFiles,
      Map<String, List<String>> nodeMustProvide,
      List<String> targets,
      Map<String, List<String>> gaps) {
    this.rp = rp;
    this.nodeMustProvide = nodeMustProvide;
    this.targets = List.copyOf(targets);
    this.gaps = Map.copyOf(gaps);
    List<String> f = new ArrayList<>(renderedFiles);
    f.add(NodePaths.REPORT_MD);
    f.add(NodePaths.REPORT_JSON);
    f.sort(String::compareTo);
    this.files = f;
  }

  /** Artifact name to the bundle files that carry it. */
  static final Map<String, List<String>> ARTIFACT_FILES =
      Map.of(
          "auditPolicy", List.of(ClusterRenderer.AUDIT_POLICY),
          "apiServerFlags", List.of(ClusterRenderer.FLAGS, ClusterRenderer.KUBEADM),
          "admissionConfiguration", List.of(ClusterRenderer.ADMISSION),
          "namespaces", List.of(ClusterRenderer.NAMESPACES),
          "rbac", List.of(ClusterRenderer.RBAC));

  static final List<String> ARTIFACT_ORDER =
      List.of("auditPolicy", "apiServerFlags", "admissionConfiguration", "namespaces", "rbac");

  private List<Object> artifacts() {
    List<Object> out = new ArrayList<>();
    for (String a : ARTIFACT_ORDER) {
      List<String> ids = new ArrayList<>();
      for (Control c : rp.controls()) {
        if (c.artifacts().contains(a)) {
          ids.add(c.id());
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("artifact", a);
      m.put("files", ARTIFACT_FILES.get(a));
      m.put("controls", ids);
      out.add(m);
    }
    return out;
  }

  /** Who can reach nodes/proxy (command execution on every node) once the bundle is applied. */
  private List<String> nodesProxy() {
    return List.of(
        "User "
            + dev.kubeharden.controlplane.Rbac.kubeletClientUser(rp.cluster())
            + " (the API server's kubelet client), through system:kubelet-api-admin (cluster/rbac.yaml)",
        "Group system:masters and anyone bound to cluster-admin (Kubernetes built-ins, not generated here)",
        "Any pre-existing binding to a role granting nodes/proxy: run kubeharden validate on your RBAC, or"
            + " kubectl auth can-i get nodes/proxy --as=<subject>");
  }

  private List<String> settings(Control c) {
    List<String> out = new ArrayList<>();
    for (Requirement r : c.requirements()) {
      Object v = dev.kubeharden.profile.ProfileResolver.valueAt(rp.config(), r.path());
      out.add(r.path() + (v == null ? " unset" : " = " + Values.show(v)));
    }
    return out;
  }

  private List<String> producedFiles(Control c) {
    List<String> out = new ArrayList<>();
    if (!c.requirements().isEmpty()) {
      out.add(NodePaths.inBundle(NodePaths.CONFIG_DROPIN));
      out.add(NodePaths.KUBEADM_KUBELET_CONFIGURATION);
      out.add(NodePaths.KUBEADM_KUBELET_PATCH);
      out.add(NodePaths.STANDALONE_CONFIG);
    }
    if (!c.files().isEmpty()) {
      out.add(NodePaths.inBundle(NodePaths.TMPFILES));
    }
    if (!c.forbidFlags().isEmpty()) {
      out.add(NodePaths.inBundle(NodePaths.SYSTEMD_DROPIN));
    }
    for (String a : c.artifacts()) {
      out.addAll(ARTIFACT_FILES.get(a));
    }
    if (c.requirements().stream().anyMatch(r -> r.path().equals("protectKernelDefaults"))
        && Boolean.TRUE.equals(rp.value("protectKernelDefaults"))) {
      out.add(NodePaths.inBundle(NodePaths.SYSCTL));
    }
    return out;
  }

  private Map<String, Object> controlMap(Control c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("title", c.title());
    m.put("severity", c.severity());
    m.put("assessment", c.assessment());
    m.put("scope", c.scope());
    m.put("profile", c.profile());
    m.put("settings", settings(c));
    m.put("fileModes", fileModes(c));
    m.put("forbiddenFlags", forbiddenFlags(c));
    m.put("producedFiles", producedFiles(c));
    m.put("impact", c.impact() == null ? "" : c.impact());
    m.put("references", c.references());
    return m;
  }

  /** report.json, ending with the files and their {@code hashes} (the manifest). */
  Map<String, Object> json(Map<String, String> hashes) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("generator", "kubeharden");
    root.put("profile", rp.name());
    root.put("chain", rp.chain());
    root.put("kubernetesVersion", rp.version().toString());
    root.put("notes", rp.notes());
    List<Object> applied = new ArrayList<>();
    List<Object> outside = new ArrayList<>();
    for (Control c : rp.controls()) {
      (c.inBundle() ? applied : outside).add(controlMap(c));
    }
    root.put("controls", applied);
    root.put("outsideBundle", outside);
    List<Object> disabled = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", d.control().id());
      m.put("title", d.control().title());
      m.put("reason", d.reason());
      m.put("disabledBy", d.by());
      m.put("owner", d.exception().owner());
      m.put("ticket", d.exception().ticket());
      m.put("expires", expires(d.exception()));
      disabled.add(m);
    }
    root.put("disabled", disabled);
    List<Object> exceptions = new ArrayList<>();
    for (ExceptionUse u : rp.exceptions()) {
      Disable d = u.exception();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", d.controlId());
      m.put("reason", d.reason());
      m.put("owner", d.owner());
      m.put("ticket", d.ticket());
      m.put("expires", expires(d));
      m.put("declaredBy", d.profile());
      m.put("status", u.use().label());
      m.put("why", u.use() == ExceptionUse.Use.IN_FORCE ? null : u.why(rp.version()));
      exceptions.add(m);
    }
    root.put("exceptions", exceptions);
    List<Object> na = new ArrayList<>();
    for (ResolvedProfile.NotApplicable n : rp.notApplicable()) {
      na.add(Map.of("id", n.control().id(), "title", n.control().title(), "reason", n.reason()));
    }
    root.put("notApplicable", na);
    List<Object> settings = new ArrayList<>();
    for (ResolvedSetting s : rp.config().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", s.path());
      m.put("value", s.value());
      m.put("setBy", s.origin().describe());
      m.put("setAt", setAt(s));
      m.put("controls", s.controls());
      settings.add(m);
    }
    root.put("settings", settings);
    root.put("flags", new LinkedHashMap<>(rp.flags()));
    root.put("variables", new LinkedHashMap<>(rp.variables()));
    root.put("artifacts", artifacts());
    List<Object> namespaces = new ArrayList<>();
    for (var n : rp.cluster().namespaces()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", n.name());
      m.put("enforce", n.enforce());
      m.put("audit", n.audit());
      m.put("warn", n.warn());
      m.put("reason", n.reason() == null ? null : n.reason().strip());
      namespaces.add(m);
    }
    root.put("podSecurityNamespaces", namespaces);
    root.put("podSecurityExemptNamespaces", rp.cluster().exemptNamespaces());
    root.put("nodesProxyAccess", nodesProxy());
    root.put("warnings", rp.warnings());
    root.put("nodeMustProvide", nodeMustProvide);
    if (!targets.isEmpty()) {
      root.put("targets", targets);
      Map<String, Object> cannot = new LinkedHashMap<>();
      for (String t : targets) {
        cannot.put(t, gaps.getOrDefault(t, List.of()));
      }
      root.put("targetCannotGuarantee", cannot);
    }
    root.put("seedCorrections", corrections());
    root.put("files", files);
    root.put(Manifest.FIELD, hashes);
    return root;
  }

  private static String expires(Disable d) {
    return d.expires() == null ? null : d.expires().toString();
  }

  private List<Object> corrections() {
    List<Object> out = new ArrayList<>();
    for (Control c : rp.controls()) {
      if (c.correction() != null) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("title", c.title());
        m.put("correction", c.correction().strip());
        out.add(m);
      }
    }
    return out;
  }

  private static List<String> fileModes(Control c) {
    List<String> out = new ArrayList<>();
    for (FileRule f : c.files()) {
      out.add(f.path() + " " + f.mode() + " " + f.owner() + ":" + f.group());
    }
    return out;
  }

  private static List<String> forbiddenFlags(Control c) {
    List<String> out = new ArrayList<>();
    c.forbidFlags().forEach(f -> out.add("--" + f));
    return out;
  }

  Map<String, Object> markdownScope(Map<String, Object> base) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    m.put("notes", rp.notes());
    m.put("hasNotes", !rp.notes().isEmpty());
    List<Object> applied = new ArrayList<>();
    List<Object> outside = new ArrayList<>();
    for (Control c : rp.controls()) {
      Map<String, Object> cm = controlMap(c);
      cm.put("settingsText", md(String.join("; ", settings(c))));
      List<String> produced = producedFiles(c);
      cm.put("filesText", produced.isEmpty() ? "-" : md(String.join(", ", produced)));
      cm.put("titleText", md(c.title()));
      cm.put("impactText", c.impact() == null ? "" : md(c.impact().strip()));
      cm.put("hasImpact", c.impact() != null);
      List<String> extra = new ArrayList<>();
      extra.addAll(fileModes(c));
      forbiddenFlags(c).forEach(f -> extra.add(f + " not passed"));
      cm.put("extraText", md(String.join("; ", extra)));
      (c.inBundle() ? applied : outside).add(cm);
    }
    m.put("applied", applied);
    m.put("appliedCount", applied.size());
    m.put("outside", outside);
    m.put("hasOutside", !outside.isEmpty());
    // the controls disabled, as templates written before the exceptions table still name them
    List<Object> disabled = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      disabled.add(
          Map.of(
              "id",
              d.control().id(),
              "titleText",
              md(d.control().title()),
              "reason",
              md(d.reason()),
              "by",
              d.by()));
    }
    m.put("disabled", disabled);
    m.put("hasDisabled", !disabled.isEmpty());
    List<Object> exceptions = new ArrayList<>();
    for (ExceptionUse u : rp.exceptions()) {
      Disable d = u.exception();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", d.controlId());
      e.put("titleText", u.control() == null ? "-" : md(u.control().title()));
      e.put("reason", md(d.reason()));
      e.put("owner", d.owner() == null ? "-" : md(d.owner()));
      e.put("ticket", d.ticket() == null ? "-" : md(d.ticket()));
      e.put("expires", d.expires() == null ? "-" : d.expires().toString());
      e.put("by", md(d.profile()));
      e.put("status", md(u.describe(rp.version())));
      exceptions.add(e);
    }
    m.put("exceptions", exceptions);
    m.put("hasExceptions", !exceptions.isEmpty());
    List<Object> na = new ArrayList<>();
    for (ResolvedProfile.NotApplicable n : rp.notApplicable()) {
      na.add(
          Map.of(
              "id",
              n.control().id(),
              "titleText",
              md(n.control().title()),
              "reason",
              md(n.reason())));
    }
    m.put("notApplicable", na);
    m.put("hasNotApplicable", !na.isEmpty());
    m.put("warnings", rp.warnings().stream().map(Report::md).toList());
    List<Object> provide = new ArrayList<>();
    nodeMustProvide.forEach(
        (layout, items) ->
            provide.add(Map.of("layout", layout, "itemsText", md(String.join(", ", items)))));
    m.put("nodeMustProvide", provide);
    m.put("hasNodeMustProvide", !provide.isEmpty());
    List<Object> targetRows = new ArrayList<>();
    for (String t : targets) {
      List<String> g = gaps.getOrDefault(t, List.of());
      targetRows.add(
          Map.of(
              "target", t,
              "gaps", g.stream().map(Report::md).toList(),
              "hasGaps", !g.isEmpty()));
    }
    m.put("targets", targetRows);
    m.put("hasTargets", !targetRows.isEmpty());
    m.put("hasWarnings", !rp.warnings().isEmpty());
    List<Object> corr = new ArrayList<>();
    for (Object o : corrections()) {
      Map<?, ?> c = (Map<?, ?>) o;
      corr.add(Map.of("id", c.get("id"), "correction", md(String.valueOf(c.get("correction")))));
    }
    m.put("corrections", corr);
    m.put("hasCorrections", !corr.isEmpty());
    m.put("files", files);
    List<Object> arts = new ArrayList<>();
    for (Object o : artifacts()) {
      Map<?, ?> a = (Map<?, ?>) o;
      List<?> ids = (List<?>) a.get("controls");
      arts.add(
          Map.of(
              "artifact",
              a.get("artifact"),
              "filesText",
              String.join(
                  ", ", ((List<?>) a.get("files")).stream().map(f -> "`" + f + "`").toList()),
              "controlsText",
              ids.isEmpty() ? "-" : String.join(", ", ids.stream().map(String::valueOf).toList())));
    }
    m.put("artifacts", arts);
    m.put("nodesProxy", nodesProxy().stream().map(Report::md).toList());
    List<Object> vars = new ArrayList<>();
    rp.variables().forEach((k, v) -> vars.add(Map.of("name", k, "value", md(v))));
    m.put("variables", vars);
    m.put("hasVariables", !vars.isEmpty());
    m.put("settingRows", settingRows());
    return m;
  }

  /** Where a value was set: file:line:col of its profile layer, or null (--set names itself). */
  private static String setAt(ResolvedSetting s) {
    return s.origin().position() != null
            && s.origin().position().hasLine()
            && !s.origin().isCommandLine()
        ? s.origin().position().toString()
        : null;
  }

  /** Every final setting with who set it, for REPORT.md's "Settings and who set them". */
  private List<Object> settingRows() {
    List<Object> rows = new ArrayList<>();
    for (ResolvedSetting s : rp.config().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pathText", md(s.path()));
      m.put("valueText", md(Values.show(s.value())));
      String at = setAt(s);
      String by =
          s.origin().isCommandLine()
              ? "--set (command line)"
              : s.origin().describe() + (at == null ? "" : ", " + at);
      m.put("setByText", md(by));
      m.put("controlsText", s.controls().isEmpty() ? "-" : md(String.join(", ", s.controls())));
      rows.add(m);
    }
    return rows;
  }

  /** Escapes text for a Markdown table cell or list item. */
  static String md(String s) {
    return Markdown.escape(s);
  }

  static String show(Object v) {
    return Values.show(v);
  }
}
