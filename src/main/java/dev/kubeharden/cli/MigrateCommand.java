package dev.kubeharden.cli;

import dev.kubeharden.migrate.MigrateService;
import dev.kubeharden.model.Migration;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.render.MigrationRenderer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubeharden migrate}: a node's flags moved into its config file, hardened. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Move a node's kubelet from flags to one KubeletConfiguration and apply the profile's hardening:"
          + " from the node's current inputs (as diff reads them), write the config file that reproduces"
          + " every setting it runs with (config file, drop-ins, and every flag with a config field, in the"
          + " kubelet's precedence) plus the hardening, the systemd drop-in that passes only the flags without"
          + " a config field, and REPORT.md and report.json saying what moved, what stayed a flag and what the"
          + " hardening changed.",
      "Nothing is written unless the migrated files diff clean against the profile and keep every other"
          + " setting of the node; a node whose settings conflict with the hardening, or that the kubelet"
          + " would refuse, is an input error naming the setting."
    })
final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ProfileOptions profile;

  @Mixin NodeInputOptions node;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      required = true,
      description =
          "Output directory: node/ (the files to copy onto the node's /), REPORT.md, report.json. It is"
              + " replaced as a whole.")
  Path out;

  @Mixin TemplatesOption templates;

  @picocli.CommandLine.ArgGroup(exclusive = true)
  ModeGroup modes = new ModeGroup();

  static final class ModeGroup {
    @Option(
        names = "--check",
        description =
            "Write nothing; exit 4 if the output directory differs from what migrate would write.")
    boolean check;

    @Option(
        names = "--dry-run",
        description = "Write nothing; print what would change, as a unified diff.")
    boolean dryRun;
  }

  @Override
  public Integer call() throws Exception {
    templates.check();
    var request = profile.request();
    var inputs = node.inputs(request.version());
    MigrateService.Result r =
        new MigrateService(new ProfileCatalog(), templates.load())
            .migrate(request, inputs, node.shown(), out, !modes.check && !modes.dryRun);
    Migration m = r.migration();
    String what =
        "node "
            + m.node()
            + " on profile "
            + m.profile().name()
            + " for Kubernetes "
            + m.profile().version()
            + ": "
            + MigrationRenderer.summary(m);
    return BundleOutcome.print(
        spec.commandLine(),
        "migrate",
        BundleOutcome.mode(modes.check, modes.dryRun),
        r.bundle(),
        r.changes(),
        out,
        what);
  }
}
