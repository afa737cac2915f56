package dev.kubeharden.cli;

import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.profile.ResolveRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options shared by the commands that resolve profiles. */
public final class ProfileOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = {"-p", "--profile"},
      paramLabel = "NAME|FILE",
      description =
          "Profile to apply: a shipped name (see 'profiles list'; 'cis' picks the CIS benchmark for the"
              + " Kubernetes minor) or a YAML file. Repeat to layer left to right. Default: cis.")
  List<String> profiles = new ArrayList<>();

  @Option(
      names = "--k8s-version",
      paramLabel = "1.N",
      description =
          "Kubernetes minor to generate for (${sys:kubeharden.minors}). Default: ${DEFAULT-VALUE}.")
  String k8sVersion;

  @Option(
      names = "--set",
      paramLabel = "FIELD=VALUE",
      description =
          "Override one KubeletConfiguration field by its dotted path, typed and validated like a profile value"
              + " (--set podPidsLimit=2048, --set featureGates.NodeLogQuery=true). Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--var",
      paramLabel = "NAME=VALUE",
      description = "Set a profile variable (--var clientCAFile=/etc/pki/ca.crt). Repeatable.")
  List<String> vars = new ArrayList<>();

  @Option(
      names = "--exception-warn-days",
      paramLabel = "N",
      defaultValue = "30",
      description =
          "Warn about an exception (disable or inventory exception) that expires in fewer than N days"
              + " (default: ${DEFAULT-VALUE}; 0: never). An expired one is an error.")
  int exceptionWarnDays;

  /** Today by the command line's clock, and the warning window. */
  ExpiryPolicy expiry() {
    if (exceptionWarnDays < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--exception-warn-days must be 0 or more (got " + exceptionWarnDays + ")");
    }
    return ExpiryPolicy.at(Cli.clock(spec), exceptionWarnDays);
  }

  KubeVersion version() {
    KubeVersion v = KubeVersion.parseOrNull(k8sVersion);
    if (v == null || !v.isSupported()) {
      throw new ParameterException(
          spec.commandLine(),
          "--k8s-version must be a supported Kubernetes minor, "
              + KubeVersion.OLDEST_SUPPORTED
              + " to "
              + KubeVersion.NEWEST_SUPPORTED
              + " (got '"
              + k8sVersion
              + "')");
    }
    return v;
  }

  /**
   * With --inventory the inventory sets profiles, minor and variables per cluster: naming one is a
   * usage error.
   */
  void rejectWithInventory() {
    for (String option : List.of("--profile", "--k8s-version", "--set", "--var")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new ParameterException(
            spec.commandLine(),
            option + " cannot be combined with --inventory (the inventory sets it per cluster)");
      }
    }
  }

  ResolveRequest request() {
    return new ResolveRequest(profiles, version(), sets, vars, List.of(), List.of(), expiry());
  }
}
