package dev.kubeharden.cli;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.write.BundleChanges;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * What {@code -v/--verbose} adds on stderr for generate and pr (stdout keeps its result lines):
 * each control applied, disabled or not applicable, then each file of the bundle and what happened
 * to it. Notes and warnings print as without it.
 */
final class Verbose {
  private Verbose() {}

  /** "control CIS-1.12:4.2.1 applied (cis-1.12): title", disabled and not applicable likewise. */
  static void controls(ResolvedProfile rp, String prefix, PrintWriter err) {
    for (Control c : rp.controls()) {
      err.println(prefix + "control " + c.id() + " applied (" + c.profile() + "): " + c.title());
    }
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      err.println(
          prefix + "control " + d.control().id() + " disabled by " + d.by() + ": " + d.reason());
    }
    for (ResolvedProfile.NotApplicable n : rp.notApplicable()) {
      err.println(prefix + "control " + n.control().id() + " not applicable: " + n.reason());
    }
  }

  /**
   * One line a file: "file node/...: created" (or "rewritten", "unchanged", "deleted"; under
   * --check and --dry-run "would be created", "would be deleted").
   */
  static void files(
      Bundle bundle, BundleChanges changes, GenerateService.Mode mode, PrintWriter err) {
    files("", bundle, changes, mode, err);
  }

  /** The same, each path under {@code under} (pr: the --path directory on the branch). */
  static void files(
      String under,
      Bundle bundle,
      BundleChanges changes,
      GenerateService.Mode mode,
      PrintWriter err) {
    boolean writes = mode == GenerateService.Mode.WRITE;
    Set<String> changed = new HashSet<>(changes.created());
    changed.addAll(changes.modified());
    for (String f : bundle.files().keySet()) {
      String what =
          !changed.contains(f)
              ? "unchanged"
              : (writes ? "" : "would be ")
                  + (changes.created().contains(f) ? "created" : "rewritten");
      err.println("file " + under + f + ": " + what);
    }
    for (String f : changes.deleted()) {
      err.println("file " + under + f + ": " + (writes ? "deleted" : "would be deleted"));
    }
  }
}
