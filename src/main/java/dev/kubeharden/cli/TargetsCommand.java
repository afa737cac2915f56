package dev.kubeharden.cli;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.target.Target;
import dev.kubeharden.target.Targets;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeharden targets}: the targets generate can emit for, with their carrier files. */
@Command(
    name = "targets",
    mixinStandardHelpOptions = true,
    description = "List the targets generate --target emits for, with the files each writes.")
final class TargetsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String minors = KubeVersion.OLDEST_SUPPORTED + "-" + KubeVersion.NEWEST_SUPPORTED;
    out.println(
        "node: the classic bundle (node/, kubeadm/, standalone/, control-plane/, cluster/), Kubernetes "
            + minors);
    for (Target t : Targets.all()) {
      out.println(t.name() + ": " + t.title() + ", Kubernetes " + minors);
      for (String f : t.carrierFiles()) {
        out.println("  " + f);
      }
    }
    return ExitCodes.OK;
  }
}
