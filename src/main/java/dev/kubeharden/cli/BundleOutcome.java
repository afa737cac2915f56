package dev.kubeharden.cli;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.write.BundleChanges;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * What generate and migrate print once their bundle is built: that {@code --out} is up to date or
 * out of date ({@code --check}), the changes as a diff ({@code --dry-run}), or what was written.
 */
final class BundleOutcome {
  private BundleOutcome() {}

  /** The mode that {@code --check} and {@code --dry-run} (exclusive) choose. */
  static GenerateService.Mode mode(boolean check, boolean dryRun) {
    return check
        ? GenerateService.Mode.CHECK
        : dryRun ? GenerateService.Mode.DRY_RUN : GenerateService.Mode.WRITE;
  }

  /**
   * Prints the outcome of {@code verb} in {@code mode} and returns its exit code.
   *
   * @param what the bundle in words, after "is up to date: " and "files to DIR: "
   */
  static int print(
      CommandLine cl,
      String verb,
      GenerateService.Mode mode,
      Bundle bundle,
      BundleChanges changes,
      Path out,
      String what) {
    PrintWriter o = cl.getOut();
    if (changes.isEmpty()) {
      o.println(
          (mode == GenerateService.Mode.DRY_RUN ? "no changes: " : "")
              + out
              + " is up to date: "
              + what);
      return ExitCodes.OK;
    }
    switch (mode) {
      case CHECK -> {
        o.print(changes.summary());
        cl.getErr().println(out + " is out of date; run 'kubeharden " + verb + "' to update it");
        return ExitCodes.DRIFT;
      }
      case DRY_RUN -> {
        o.print(changes.summary());
        o.print(changes.diff());
        o.println("dry run: nothing was written");
        return ExitCodes.OK;
      }
      default -> {
        o.println("wrote " + bundle.files().size() + " files to " + out + ": " + what);
        return ExitCodes.OK;
      }
    }
  }
}
