package dev.kubeharden.write;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The difference between a bundle on disk and a freshly generated one. */
public record BundleChanges(List<String> created, List<String> modified, List<String> deleted, String diff) {

  public boolean isEmpty() {
    return created.isEmpty() && modified.isEmpty() && deleted.isEmpty();
  }

  /** Compares current files (null map entries never occur) with the new ones and builds a unified diff. */
  public static BundleChanges between(Map<String, String> current, Map<String, String> next) {
    List<String> created = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    StringBuilder diff = new StringBuilder();
    TreeSet<String> all = new TreeSet<>(current.keySet());
    all.addAll(next.keySet());
    for (String path : all) {
      String a = current.get(path);
      String b = next.get(path);
      if (a == null) {
        created.add(path);
      } else if (b == null) {
        deleted.add(path);
      } else if (!a.equals(b)) {
        modified.add(path);
      } else {
        continue;
      }
      List<String> aLines = a == null ? List.of() : lines(a);
      List<String> bLines = b == null ? List.of() : lines(b);
      Patch<String> patch = DiffUtils.diff(aLines, bLines);
      List<String> unified =
          UnifiedDiffUtils.generateUnifiedDiff(
              a == null ? "/dev/null" : "a/" + path, b == null ? "/dev/null" : "b/" + path, aLines, patch, 3);
      unified.forEach(l -> diff.append(l).append('\n'));
    }
    return new BundleChanges(created, modified, deleted, diff.toString());
  }

  private static List<String> lines(String s) {
    String t = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    return Arrays.asList(t.split("\n", -1));
  }

  /** One line a change: "+ path", "~ path", "- path". */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    created.forEach(p -> sb.append("+ ").append(p).append('\n'));
    modified.forEach(p -> sb.append("~ ").append(p).append('\n'));
    deleted.forEach(p -> sb.append("- ").append(p).append('\n'));
    return sb.toString();
  }
}
