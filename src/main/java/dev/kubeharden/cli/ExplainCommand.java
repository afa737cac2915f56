package dev.kubeharden.cli;

import dev.kubeharden.app.CatalogService;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.model.Values;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.render.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeharden explain ID|FIELD}. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Explain a control (CIS-1.12:4.2.1, STIG:V-242391, SEED:4, or a kube-bench id such as 4.2.1 for"
            + " every CIS control with that number) or a KubeletConfiguration field"
            + " (authentication.anonymous.enabled): what it checks, why, what it can break, its references"
            + " and which profiles apply or set it.")
final class ExplainCommand implements Callable<Integer> {
  static final String SCHEMA = "kubeharden.dev/explain/v1";

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "ID|FIELD",
      description =
          "A control id (SOURCE:ID, any case), a kube-bench or STIG id without the source (4.2.1,"
              + " V-242391), or a dotted KubeletConfiguration field.")
  String subject;

  @Option(
      names = "--k8s-version",
      paramLabel = "1.N",
      description = "Kubernetes minor to resolve profiles for (default: ${DEFAULT-VALUE}).")
  String k8sVersion;

  @Mixin OutputFormat output;

  /** One shipped definition of a control: the profile that defines it, and the control. */
  record Definition(Profile profile, Control control) {}

  @Override
  public Integer call() {
    boolean json = output.json();
    PrintWriter out = spec.commandLine().getOut();
    KubeVersion v = KubeVersion.parseOrNull(k8sVersion);
    if (v == null || !v.isSupported()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "unsupported --k8s-version " + k8sVersion);
    }
    CatalogService catalog = new CatalogService(new ProfileCatalog());
    List<Definition> defs = definitions(catalog, subject);
    if (!defs.isEmpty()) {
      List<Object> docs = new ArrayList<>();
      for (Definition d : defs) {
        Map<String, Object> doc =
            control(
                d, catalog.profilesApplying(d.control().id(), v), resolvedVariables(catalog, d, v));
        docs.add(doc);
        if (!json) {
          printControl(out, doc, v);
        }
      }
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("subject", subject);
        doc.put("kubernetesVersion", v.toString());
        doc.put("controls", docs);
        doc.put("field", null);
        out.print(Json.write(doc));
      }
      return ExitCodes.OK;
    }
    KubeletField f = KubeletSchema.get().field(subject);
    if (f != null) {
      Map<String, Object> doc = field(f, catalog, v);
      if (json) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("schema", SCHEMA);
        top.put("subject", subject);
        top.put("kubernetesVersion", v.toString());
        top.put("controls", List.of());
        top.put("field", doc);
        out.print(Json.write(top));
      } else {
        printField(out, doc, v);
      }
      return ExitCodes.OK;
    }
    List<String> candidates = new ArrayList<>(catalog.controlIds());
    KubeletSchema.get().fields().forEach(x -> candidates.add(x.path()));
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "no control or KubeletConfiguration field named '"
            + subject
            + "'"
            + Suggestions.hint(subject, candidates));
  }

  /**
   * The shipped controls a subject names: its id in any case, or the part after the source ({@code
   * 4.2.1} finds CIS-1.11:4.2.1 and CIS-1.12:4.2.1, as kube-bench numbers them).
   */
  static List<Definition> definitions(CatalogService catalog, String subject) {
    List<Definition> exact = new ArrayList<>();
    List<Definition> bare = new ArrayList<>();
    for (Profile p : catalog.shipped()) {
      for (Control c : p.controls()) {
        String id = c.id();
        if (id.equalsIgnoreCase(subject)) {
          exact.add(new Definition(p, c));
        } else if (id.substring(id.indexOf(':') + 1).equalsIgnoreCase(subject)) {
          bare.add(new Definition(p, c));
        }
      }
    }
    return exact.isEmpty() ? bare : exact;
  }

  /**
   * The variables of the defining profile resolved for the minor (empty if it does not resolve).
   */
  private static Map<String, String> resolvedVariables(
      CatalogService catalog, Definition d, KubeVersion v) {
    try {
      return catalog.resolve(d.profile().name(), v).variables();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  private static Map<String, Object> control(
      Definition d, List<String> appliedBy, Map<String, String> vars) {
    Control c = d.control();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("title", c.title());
    m.put("definedIn", d.profile().name());
    m.put("location", ProfilesJson.location(c.position()));
    m.put("severity", c.severity());
    m.put("assessment", c.assessment());
    m.put("scope", c.scope());
    m.put("kubernetesVersions", c.versions().isAll() ? null : c.versions().toString());
    m.put("checks", checks(c));
    m.put("why", text(c.rationale()));
    m.put("canBreak", text(c.impact()));
    List<Object> sets = new ArrayList<>();
    for (Setting s : c.settings()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", s.path());
      row.put("value", Values.plain(s.value()));
      sets.add(row);
    }
    m.put("sets", sets);
    m.put("forbidsFlags", c.forbidFlags().stream().map(f -> "--" + f).toList());
    List<Object> files = new ArrayList<>();
    for (FileRule f : c.files()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", f.path());
      row.put("mode", f.mode());
      row.put("owner", f.owner());
      row.put("group", f.group());
      files.add(row);
    }
    m.put("files", files);
    m.put("artifacts", c.artifacts());
    m.put("seedCorrection", text(c.correction()));
    m.put("references", c.references());
    m.put("appliedBy", appliedBy);
    m.put("variables", variables(c, vars));
    return m;
  }

  /** What a control checks, one line each: requirements, forbidden flags, file modes, artifacts. */
  private static List<String> checks(Control c) {
    List<String> out = new ArrayList<>();
    for (Requirement r : c.requirements()) {
      out.add(r.describe());
    }
    c.forbidFlags().forEach(f -> out.add("the kubelet is not started with --" + f));
    for (FileRule f : c.files()) {
      out.add(
          f.path()
              + " has mode "
              + f.mode()
              + " or stricter"
              + (f.owner() == null ? "" : ", owned by " + f.owner() + ":" + f.group()));
    }
    c.artifacts().forEach(a -> out.add("the generated " + a + " carries it"));
    return out;
  }

  /**
   * The variables a control's settings name, with their values in the defining profile (its
   * defaults, or what its parents set).
   */
  private static Map<String, Object> variables(Control c, Map<String, String> resolved) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Setting s : c.settings()) {
      if (s.value() instanceof Setting.VarRef ref) {
        java.util.regex.Matcher m = VAR.matcher(ref.text());
        while (m.find()) {
          out.put(m.group(1), resolved.get(m.group(1)));
        }
      }
    }
    return out;
  }

  private static final java.util.regex.Pattern VAR =
      java.util.regex.Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

  private static String text(String s) {
    return s == null ? null : s.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  @SuppressWarnings("unchecked")
  private static void printControl(PrintWriter out, Map<String, Object> m, KubeVersion v) {
    out.println(m.get("id") + ": " + m.get("title"));
    out.println(
        "  defined in: "
            + m.get("definedIn")
            + "   severity: "
            + m.get("severity")
            + "   assessment: "
            + m.get("assessment")
            + "   scope: "
            + m.get("scope"));
    if (m.get("kubernetesVersions") != null) {
      out.println("  Kubernetes versions: " + m.get("kubernetesVersions"));
    }
    List<String> checks = (List<String>) m.get("checks");
    if (checks.isEmpty()) {
      out.println("  checks: nothing in the bundle (a process or practice outside it)");
    }
    checks.forEach(c -> out.println("  checks: " + c));
    out.println("  why: " + orNone(m.get("why")));
    out.println("  can break: " + orNone(m.get("canBreak")));
    Map<String, Object> vars = (Map<String, Object>) m.get("variables");
    for (Map<String, Object> s : (List<Map<String, Object>>) m.get("sets")) {
      out.println("  sets: " + s.get("path") + " = " + Values.show(s.get("value")));
    }
    vars.forEach(
        (k, d) ->
            out.println(
                "    ${"
                    + k
                    + "} is a variable"
                    + (d == null ? " without a value" : " (" + d + " unless set)")
                    + "; set it with --var "
                    + k
                    + "=..."));
    for (Map<String, Object> f : (List<Map<String, Object>>) m.get("files")) {
      out.println(
          "  file: "
              + f.get("path")
              + " "
              + f.get("mode")
              + " "
              + f.get("owner")
              + ":"
              + f.get("group"));
    }
    if (m.get("seedCorrection") != null) {
      out.println("  seed correction: " + m.get("seedCorrection"));
    }
    List<String> refs = (List<String>) m.get("references");
    if (refs.isEmpty()) {
      out.println("  references: none");
    }
    refs.forEach(r -> out.println("  reference: " + r));
    List<String> applied = (List<String>) m.get("appliedBy");
    out.println(
        "  applied by (Kubernetes "
            + v
            + "): "
            + (applied.isEmpty() ? "no shipped profile" : String.join(", ", applied)));
  }

  private static String orNone(Object o) {
    return o == null ? "(not stated)" : o.toString();
  }

  private static Map<String, Object> field(KubeletField f, CatalogService catalog, KubeVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", f.path());
    m.put("apiVersion", KubeletSchema.API_VERSION);
    m.put("type", f.type().description());
    m.put("since", f.since() == null ? null : f.since().toString());
    m.put("values", f.enumValues());
    m.put("min", f.min());
    m.put("max", f.max());
    List<Object> flags = new ArrayList<>();
    KubeletFlags.all()
        .values()
        .forEach(
            s -> {
              if (f.path().equals(s.field()) && s.existsAt(v.minor())) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("flag", "--" + s.name());
                row.put("deprecated", s.deprecated());
                row.put("orWithConfig", s.kind() == KubeletFlags.Kind.SPECIAL);
                flags.add(row);
              }
            });
    m.put("flags", flags);
    List<Object> requiredBy = new ArrayList<>();
    for (Profile p : catalog.shipped()) {
      for (Control c : p.controls()) {
        if (c.requirements().stream().anyMatch(r -> r.path().equals(f.path()))) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("id", c.id());
          row.put("profile", p.name());
          row.put("title", c.title());
          row.put("canBreak", text(c.impact()));
          requiredBy.add(row);
        }
      }
    }
    m.put("requiredBy", requiredBy);
    Map<String, Object> inProfiles = new LinkedHashMap<>();
    catalog.profilesSetting(f.path(), v).forEach(inProfiles::put);
    m.put("inProfiles", inProfiles);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static void printField(PrintWriter out, Map<String, Object> m, KubeVersion v) {
    out.println(m.get("path") + " (KubeletConfiguration " + m.get("apiVersion") + ")");
    out.println("  type: " + m.get("type"));
    out.println(
        "  since: " + (m.get("since") == null ? "before 1.29" : "Kubernetes " + m.get("since")));
    List<String> values = (List<String>) m.get("values");
    if (!values.isEmpty()) {
      out.println("  values: " + String.join(", ", values));
    }
    if (m.get("min") != null || m.get("max") != null) {
      out.println(
          "  range: "
              + (m.get("min") == null ? "" : m.get("min"))
              + ".."
              + (m.get("max") == null ? "" : m.get("max")));
    }
    for (Map<String, Object> s : (List<Map<String, Object>>) m.get("flags")) {
      out.println(
          "  "
              + (Boolean.TRUE.equals(s.get("deprecated")) ? "deprecated flag" : "flag")
              + ": "
              + s.get("flag")
              + (Boolean.TRUE.equals(s.get("orWithConfig"))
                  ? " (ORed with the config field: it can turn it on, never off)"
                  : " (overrides the config file; never pass it)"));
    }
    for (Map<String, Object> c : (List<Map<String, Object>>) m.get("requiredBy")) {
      out.println(
          "  required by: " + c.get("id") + " (" + c.get("profile") + "): " + c.get("title"));
      if (c.get("canBreak") != null) {
        out.println("    can break: " + c.get("canBreak"));
      }
    }
    ((Map<String, Object>) m.get("inProfiles"))
        .forEach((p, val) -> out.println("  in profile " + p + " (Kubernetes " + v + "): " + val));
  }
}
