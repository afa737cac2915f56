package dev.kubeharden.cli;

import dev.kubeharden.app.ValidateService;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeharden validate FILE...}. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Check files without generating: HardeningProfiles (parsed and resolved with their parents),"
            + " KubeletConfiguration files (schema and kubelet validation for the minor), audit Policies,"
            + " AdmissionConfiguration and PodSecurityConfiguration, Namespaces (or a List of them) and RBAC objects"
            + " (linted together). Every problem is reported as file:line:col.")
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to check.")
  List<Path> files;

  @Option(
      names = "--k8s-version",
      paramLabel = "1.N",
      description = "Kubernetes minor to validate for (default: ${DEFAULT-VALUE}).")
  String k8sVersion;

  @Override
  public Integer call() {
    var v = dev.kubeharden.model.KubeVersion.parseOrNull(k8sVersion);
    if (v == null || !v.isSupported()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "unsupported --k8s-version " + k8sVersion);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Problem> problems = new ArrayList<>();
    ValidateService service =
        new ValidateService(
            dev.kubeharden.model.ExpiryPolicy.at(
                Cli.clock(spec), dev.kubeharden.model.ExpiryPolicy.DEFAULT_WARN_DAYS));
    for (Path f : files) {
      try {
        String kind = service.validate(f, v);
        out.println(f + ": ok (" + kind + ")");
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return ExitCodes.OK;
  }
}
