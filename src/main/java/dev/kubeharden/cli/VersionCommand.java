package dev.kubeharden.cli;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.profile.ProfileCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kubeharden version}: kubeharden's version, the Kubernetes minors and the benchmark each
 * minor gets.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description =
        "Print kubeharden's version, the supported Kubernetes minors and their CIS benchmark.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (String line : new Cli.Version().getVersion()) {
      out.println(line);
    }
    out.println(
        "Kubernetes minors: "
            + KubeVersion.OLDEST_SUPPORTED
            + "-"
            + KubeVersion.NEWEST_SUPPORTED
            + " (default "
            + KubeVersion.DEFAULT
            + ")");
    for (int m = KubeVersion.OLDEST_SUPPORTED.minor();
        m <= KubeVersion.NEWEST_SUPPORTED.minor();
        m++) {
      KubeVersion v = new KubeVersion(m);
      out.println(
          "  " + v + ": cis -> " + ProfileCatalog.resolveAlias(ProfileCatalog.CIS_ALIAS, v));
    }
    return ExitCodes.OK;
  }
}
