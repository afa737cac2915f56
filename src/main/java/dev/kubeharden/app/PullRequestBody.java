package dev.kubeharden.app;

import dev.kubeharden.app.PublishService.Content;
import dev.kubeharden.write.BundleChanges;

/** The pull request description: what changed, the files, then the bundle's REPORT.md. */
final class PullRequestBody {
  private PullRequestBody() {}

  static String of(Content c, String path, BundleChanges fromBase, int max) {
    StringBuilder b = new StringBuilder();
    b.append("<!-- kubeharden: this description is rewritten on every run -->\n");
    b.append(c.summary()).append("\n\n");
    b.append("## What changed\n\n");
    if (fromBase.isEmpty()) {
      b.append("Nothing under `").append(path).append("` differs from the base branch.\n");
    }
    fromBase.created().forEach(p -> b.append("- added `").append(path).append('/').append(p).append("`\n"));
    fromBase.modified().forEach(p -> b.append("- changed `").append(path).append('/').append(p).append("`\n"));
    fromBase.deleted().forEach(p -> b.append("- removed `").append(path).append('/').append(p).append("`\n"));
    b.append("\n## Files\n\n");
    c.bundle().files().keySet().forEach(p -> b.append("- `").append(path).append('/').append(p).append("`\n"));
    String report = c.bundle().files().get("REPORT.md");
    if (report != null) {
      b.append("\n---\n\n").append(report);
    }
    if (b.length() > max) {
      String note = "\n\n_The report is cut here; the full one is `" + path + "/REPORT.md` on the branch._\n";
      b.setLength(max - note.length());
      b.append(note);
    }
    return b.toString();
  }
}
