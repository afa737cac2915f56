package dev.kubeharden.cli;

import dev.kubeharden.app.CatalogService;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.model.Values;
import dev.kubeharden.profile.ProfileCatalog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeharden explain ID|FIELD}. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Explain a control (CIS-1.12:4.2.1, STIG:V-242391, SEED:4) or a KubeletConfiguration field"
            + " (authentication.anonymous.enabled): what it does, why, what it can break, which profiles set it.")
final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "ID|FIELD",
      description = "A control id or a dotted KubeletConfiguration field.")
  String subject;

  @Option(
      names = "--k8s-version",
      paramLabel = "1.N",
      description = "Kubernetes minor to resolve profiles for (default: ${DEFAULT-VALUE}).")
  String k8sVersion;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    KubeVersion v = KubeVersion.parseOrNull(k8sVersion);
    if (v == null || !v.isSupported()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "unsupported --k8s-version " + k8sVersion);
    }
    CatalogService catalog = new CatalogService(new ProfileCatalog());
    Map<String, Control> defs = catalog.controlDefinitions(subject);
    if (!defs.isEmpty()) {
      for (Map.Entry<String, Control> e : defs.entrySet()) {
        control(out, e.getKey(), e.getValue());
      }
      out.println(
          "Applied by (Kubernetes "
              + v
              + "): "
              + String.join(", ", catalog.profilesApplying(subject, v)));
      return ExitCodes.OK;
    }
    KubeletField f = KubeletSchema.get().field(subject);
    if (f != null) {
      field(out, f, catalog, v);
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

  private static void control(PrintWriter out, String profile, Control c) {
    out.println(c.id() + ": " + c.title());
    out.println(
        "  defined in: "
            + profile
            + "   severity: "
            + c.severity()
            + "   assessment: "
            + c.assessment()
            + "   scope: "
            + c.scope());
    if (!c.versions().isAll()) {
      out.println("  Kubernetes versions: " + c.versions());
    }
    if (c.rationale() != null) {
      out.println("  why: " + c.rationale().strip());
    }
    for (Requirement r : c.requirements()) {
      out.println("  requires: " + r.describe());
    }
    c.settings().forEach(s -> out.println("  sets: " + s.path() + " = " + Values.show(s.value())));
    c.forbidFlags().forEach(f -> out.println("  forbids flag: --" + f));
    c.files()
        .forEach(
            f ->
                out.println(
                    "  file: " + f.path() + " " + f.mode() + " " + f.owner() + ":" + f.group()));
    if (c.impact() != null) {
      out.println("  can break: " + c.impact().strip());
    }
    if (c.correction() != null) {
      out.println("  seed correction: " + c.correction().strip());
    }
    c.references().forEach(r -> out.println("  reference: " + r));
  }

  private static void field(
      PrintWriter out, KubeletField f, CatalogService catalog, KubeVersion v) {
    out.println(f.path() + " (KubeletConfiguration " + KubeletSchema.API_VERSION + ")");
    out.println("  type: " + f.type().description());
    out.println("  since: " + (f.since() == null ? "before 1.29" : "Kubernetes " + f.since()));
    if (!f.enumValues().isEmpty()) {
      out.println("  values: " + String.join(", ", f.enumValues()));
    }
    if (f.min() != null || f.max() != null) {
      out.println(
          "  range: " + (f.min() == null ? "" : f.min()) + ".." + (f.max() == null ? "" : f.max()));
    }
    KubeletFlags.all()
        .values()
        .forEach(
            s -> {
              if (f.path().equals(s.field()) && s.existsAt(v.minor())) {
                out.println(
                    "  "
                        + (s.deprecated() ? "deprecated flag" : "flag")
                        + ": --"
                        + s.name()
                        + (s.kind() == KubeletFlags.Kind.SPECIAL
                            ? " (ORed with the config field: it can turn it on, never off)"
                            : " (overrides the config file; never pass it)"));
              }
            });
    for (var p : catalog.shipped()) {
      for (Control c : p.controls()) {
        if (c.requirements().stream().anyMatch(r -> r.path().equals(f.path()))) {
          out.println("  required by: " + c.id() + " (" + p.name() + "): " + c.title());
          if (c.impact() != null) {
            out.println("    can break: " + c.impact().strip());
          }
        }
      }
    }
    Map<String, String> set = catalog.profilesSetting(f.path(), v);
    set.forEach((p, val) -> out.println("  in profile " + p + " (Kubernetes " + v + "): " + val));
  }
}
