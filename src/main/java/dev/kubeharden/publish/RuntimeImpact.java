package dev.kubeharden.publish;

import dev.kubeharden.model.Facts;
import dev.kubeharden.write.BundleChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The pull request's "Runtime impact" section: what applying each changed file takes (from
 * facts/runtime-impact.tsv), which pools it touches, the report's warnings, and the rollback.
 */
final class RuntimeImpact {
  private record Rule(Pattern pattern, String action, String text) {}

  private static final List<Rule> RULES = load();

  private static final List<String> ORDER = List.of("replace", "reboot", "restart", "apply");

  private RuntimeImpact() {}

  private static List<Rule> load() {
    List<Rule> rules = new ArrayList<>();
    for (String[] row : Facts.rows("runtime-impact.tsv")) {
      rules.add(new Rule(Pattern.compile(row[0]), row[1], row[2]));
    }
    return rules;
  }

  static String section(PublishService.Content c, String path, BundleChanges fromBase) {
    List<String> changed = new ArrayList<>();
    changed.addAll(fromBase.created());
    changed.addAll(fromBase.modified());
    changed.addAll(fromBase.deleted());
    Map<Rule, Integer> hits = new LinkedHashMap<>();
    Set<String> pools = new TreeSet<>();
    for (String p : changed) {
      for (Rule r : RULES) {
        if (r.pattern().matcher(p).find()) {
          hits.merge(r, 1, Integer::sum);
          break;
        }
      }
      String[] parts = p.split("/", 3);
      if (fleet(c)
          && parts.length == 3
          && !parts[1].equals("control-plane")
          && !parts[1].equals("cluster")) {
        pools.add(parts[0] + "/" + parts[1]);
      }
    }
    StringBuilder b = new StringBuilder("## Runtime impact\n\n");
    if (changed.isEmpty()) {
      b.append("Nothing changes on any node.\n");
    }
    for (String action : ORDER) {
      hits.forEach(
          (r, n) -> {
            if (r.action().equals(action)) {
              b.append("- **")
                  .append(action)
                  .append("** (")
                  .append(n)
                  .append(n == 1 ? " file): " : " files): ")
                  .append(r.text())
                  .append('\n');
            }
          });
    }
    if (!pools.isEmpty()) {
      b.append("\nNode pools touched: ").append(String.join(", ", pools)).append(".\n");
    } else if (!changed.isEmpty()) {
      b.append("\nNodes touched: every node this bundle under `")
          .append(path)
          .append("` is applied to.\n");
    }
    if (!c.warnings().isEmpty()) {
      b.append("\nWarnings of the report that apply:\n\n");
      c.warnings().forEach(w -> b.append("- ").append(w).append('\n'));
    }
    b.append(
        "\nWhat a target cannot express is not guaranteed by its files: the report lists, per"
            + " target, what stays to be checked on the node (`kubeharden diff`).\n");
    b.append(
        "\n**Rollback**: revert this pull request (its merge commit) and apply the files again the"
            + " same way; the same restarts apply. The previous bundle is the previous commit's"
            + " tree under `"
            + path
            + "`: re-running kubeharden on the previous inputs reproduces it byte for byte.\n");
    return b.toString();
  }

  /** A fleet's paths are cluster/pool/...; its report says it is one. */
  private static boolean fleet(PublishService.Content c) {
    String report = c.bundle().files().get("REPORT.md");
    return c.rollout() != null
        || (report != null && report.startsWith("# kubeharden fleet report"));
  }
}
