package dev.kubeharden.cli;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.fleet.FleetService;
import dev.kubeharden.model.ResolvedProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine;

/**
 * What {@code generate --inventory} prints: notes and warnings once each, then one summary line.
 */
final class FleetOutput {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Path dir;
  private final GenerateService.Mode mode;

  private final boolean quiet;
  private final boolean verbose;

  FleetOutput(CommandLine cl, Path dir, GenerateService.Mode mode, boolean quiet, boolean verbose) {
    this.out = cl.getOut();
    this.err = cl.getErr();
    this.quiet = quiet;
    this.verbose = verbose;
    this.dir = dir;
    this.mode = mode;
  }

  /** The notes and warnings of every configuration, each printed once. */
  static void notesAndWarnings(FleetService.Result r, PrintWriter err) {
    Set<String> notes = new LinkedHashSet<>();
    Set<String> warnings = new LinkedHashSet<>();
    for (ResolvedProfile rp : r.configurations()) {
      notes.addAll(rp.notes());
      warnings.addAll(rp.warnings());
    }
    notes.forEach(n -> err.println("note: " + n));
    warnings.forEach(w -> err.println("warning: " + w));
  }

  /** "1 cluster", "2 clusters". */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  int print(FleetService.Result r) {
    if (!quiet) {
      notesAndWarnings(r, err);
    }
    if (verbose && r.bundle() != null && r.changes() != null) {
      // a fleet that was written streamed to disk: its files are not held to be listed
      Verbose.files(r.bundle(), r.changes(), mode, err);
    }
    String what =
        count(r.inventory().clusters().size(), "cluster")
            + ", "
            + count(r.pools().size(), "node pool")
            + ", "
            + count(r.configurations().size(), "distinct configuration");
    switch (mode) {
      case CHECK -> {
        if (r.changes().isEmpty()) {
          out.println(dir + " is up to date: " + what);
          return ExitCodes.OK;
        }
        out.print(r.changes().summary());
        err.println(dir + " is out of date; run 'kubeharden generate --inventory' to update it");
        return ExitCodes.DRIFT;
      }
      case DRY_RUN -> {
        if (r.changes().isEmpty()) {
          out.println("no changes: " + dir + " is up to date: " + what);
        } else {
          out.print(r.changes().summary());
          out.print(r.changes().diff());
          out.println("dry run: nothing was written");
        }
        return ExitCodes.OK;
      }
      default -> {
        out.println("wrote " + r.fileCount() + " files to " + dir + ": " + what);
        return ExitCodes.OK;
      }
    }
  }
}
