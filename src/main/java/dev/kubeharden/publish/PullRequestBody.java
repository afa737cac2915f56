package dev.kubeharden.publish;

import dev.kubeharden.publish.PublishService.Content;
import dev.kubeharden.write.BundleChanges;
import java.util.ArrayList;
import java.util.List;

/**
 * The pull request description: what changed, the files (each list at most {@link #MAX_LINES}),
 * then REPORT.md.
 */
final class PullRequestBody {
  private PullRequestBody() {}

  /**
   * At most this many lines in "What changed" and in "Files": a fleet's thousands would push the
   * report out.
   */
  static final int MAX_LINES = 100;

  static String of(Content c, String path, BundleChanges fromBase, int max) {
    StringBuilder b = new StringBuilder();
    b.append("<!-- kubeharden: this description is rewritten on every run -->\n");
    b.append("<!-- kubeharden-bundle: ").append(hash(c.bundle().files())).append(" -->\n");
    b.append(c.summary()).append("\n\n");
    PublishService.Rollout w = c.rollout();
    if (w != null) {
      b.append("## Rollout\n\n")
          .append("Wave ")
          .append(w.wave())
          .append(", ")
          .append(w.number())
          .append(" of ")
          .append(w.of())
          .append(": ")
          .append(String.join(", ", w.pools()))
          .append(".");
      if (w.waiting()) {
        b.append(" Merge wave ")
            .append(w.previous())
            .append(" (branch `")
            .append(w.previousBranch())
            .append("`) first: until it is merged, this pull request also carries its changes,")
            .append(" and it was opened as a draft.");
      } else if (w.previous() != null) {
        b.append(" Wave ").append(w.previous()).append(" is merged.");
      }
      b.append("\n\n");
    }
    b.append(RuntimeImpact.section(c, path, fromBase)).append('\n');
    b.append("## What changed\n\n");
    if (fromBase.isEmpty()) {
      b.append("Nothing under `").append(path).append("` differs from the base branch.\n");
    }
    List<String> changed = new ArrayList<>();
    fromBase.created().forEach(p -> changed.add("- added `" + path + "/" + p + "`\n"));
    fromBase.modified().forEach(p -> changed.add("- changed `" + path + "/" + p + "`\n"));
    fromBase.deleted().forEach(p -> changed.add("- removed `" + path + "/" + p + "`\n"));
    lines(
        b,
        changed,
        " (added "
            + fromBase.created().size()
            + ", changed "
            + fromBase.modified().size()
            + ", removed "
            + fromBase.deleted().size()
            + ")");
    b.append("\n## Files\n\n");
    List<String> files = new ArrayList<>();
    c.bundle().files().keySet().forEach(p -> files.add("- `" + path + "/" + p + "`\n"));
    lines(b, files, "");
    String report = c.bundle().files().get("REPORT.md");
    if (report != null) {
      b.append("\n---\n\n").append(report);
    }
    if (b.length() > max) {
      String note =
          "\n\n_The report is cut here; the full one is `" + path + "/REPORT.md` on the branch._\n";
      b.setLength(max - note.length());
      b.append(note);
    }
    return b.toString();
  }

  /** SHA-256 over the bundle's paths and contents: what a closed pull request proposed. */
  static String hash(java.util.Map<String, String> files) {
    try {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      for (var e : new java.util.TreeMap<>(files).entrySet()) {
        d.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.update((byte) 0);
      }
      return java.util.HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void lines(StringBuilder b, List<String> lines, String counts) {
    int shown = Math.min(lines.size(), MAX_LINES);
    lines.subList(0, shown).forEach(b::append);
    if (shown < lines.size()) {
      b.append("- ... and ")
          .append(lines.size() - shown)
          .append(" more")
          .append(counts)
          .append("; the commit has them all\n");
    }
  }
}
