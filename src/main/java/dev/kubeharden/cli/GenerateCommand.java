package dev.kubeharden.cli;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.fleet.FleetService;
import dev.kubeharden.profile.ProfileCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubeharden generate}: writes the bundle of the chosen profiles. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the hardened bundle (--config-dir fragment, systemd drop-in, sysctl and tmpfiles files, kubeadm"
          + " carriers, a standalone KubeletConfiguration, control-plane and cluster files, REPORT.md, report.json)"
          + " and write it to the output directory in one atomic step.",
      "With no options: the cis profile for the default Kubernetes minor (${sys:kubeharden.defaultMinor}),"
          + " written to out/. With --inventory: every node pool of a fleet."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin QuietOption quiet;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "Also print, on stderr, each control applied, disabled or not applicable and each file written,"
              + " unchanged or deleted (with --inventory: each file).")
  boolean verbose;

  @Mixin ProfileOptions profile;

  /**
   * kubectl's -o/--output names a format; generate writes a directory, named by --out. So -o is
   * refused with a pointer, instead of silently writing a bundle to a directory called "json".
   */
  @Option(
      names = {"-o", "--output"},
      hidden = true,
      paramLabel = "VALUE")
  String output;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out",
      description = "Output directory (default: ${DEFAULT-VALUE}). It is replaced as a whole.")
  Path out;

  @Mixin TemplatesOption templates;

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description =
          "Generate a fleet: every node pool of an Inventory file, as DIR/<cluster>/<pool>/node/..., with a fleet"
              + " REPORT.md and report.json at the top. Profiles, versions and variables come from the inventory, so"
              + " --profile, --k8s-version, --set and --var cannot be combined with it.")
  Path inventory;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description =
          "Emit for a target (repeatable; default: node, the classic bundle): node, kubeadm, cluster-api, rke2,"
              + " k3s, talos, k0s, kops, kubespray, eks. Each target gets its own directory; REPORT.md says what"
              + " each cannot guarantee. See 'kubeharden targets'.")
  List<String> targets = new ArrayList<>();

  @ArgGroup(exclusive = true)
  ModeGroup modes = new ModeGroup();

  static final class ModeGroup {
    @Option(
        names = "--check",
        description =
            "Write nothing; exit 4 if the output directory differs from what would be generated.")
    boolean check;

    @Option(
        names = "--dry-run",
        description = "Write nothing; print what would change, as a unified diff.")
    boolean dryRun;
  }

  @Override
  public Integer call() throws Exception {
    if (output != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "generate has no -o/--output (got '"
              + output
              + "'): it writes a bundle directory, named by --out DIR; -o FORMAT is the output"
              + " format of 'profiles list', 'profiles show' and 'explain'");
    }
    if (quiet.quiet && verbose) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--quiet and --verbose cannot be combined");
    }
    GenerateService.Mode mode = BundleOutcome.mode(modes.check, modes.dryRun);
    templates.check();
    if (inventory != null) {
      TargetOption.rejectWithInventory(spec.commandLine(), targets);
    }
    if (inventory != null) {
      profile.rejectWithInventory();
      return new FleetOutput(spec.commandLine(), out, mode, quiet.quiet, verbose)
          .print(
              new FleetService(new ProfileCatalog(), templates.load(), profile.expiry())
                  .generate(
                      inventory,
                      out,
                      mode,
                      TerminalProgress.forStderr(spec.commandLine().getErr())));
    }
    var request = profile.request();
    GenerateService service = new GenerateService(new ProfileCatalog(), templates.load());
    GenerateService.Result r = service.generate(request, targets(), out, mode);
    PrintWriter err = spec.commandLine().getErr();
    if (!quiet.quiet) {
      for (String note : r.profile().notes()) {
        err.println("note: " + note);
      }
      for (String w : r.profile().warnings()) {
        err.println("warning: " + w);
      }
    }
    if (verbose) {
      Verbose.controls(r.profile(), "", err);
      Verbose.files(r.bundle(), r.changes(), mode, err);
    }
    int controls = r.profile().controls().size();
    String what =
        r.profile().name()
            + " for Kubernetes "
            + r.profile().version()
            + " ("
            + controls
            + " controls, "
            + r.profile().disabled().size()
            + " disabled)";
    return BundleOutcome.print(
        spec.commandLine(), "generate", mode, r.bundle(), r.changes(), out, what);
  }

  private List<String> targets() {
    return TargetOption.resolve(spec.commandLine(), targets);
  }
}
