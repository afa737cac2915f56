package dev.kubeharden.write;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The difference between a bundle on disk and a freshly generated one. The file lists are computed
 * at once; the unified diff only when asked for (dry runs, pull request bodies), since writing and
 * checking do not need it.
 */
public final class BundleChanges {
  private final List<String> created;
  private final List<String> modified;
  private final List<String> deleted;
  private final Map<String, String> before;
  private final Map<String, String> after;
  private String diff;

  private BundleChanges(
      List<String> created,
      List<String> modified,
      List<String> deleted,
      Map<String, String> before,
      Map<String, String> after) {
    this.created = List.copyOf(created);
    this.modified = List.copyOf(modified);
    this.deleted = List.copyOf(deleted);
    this.before = before;
    this.after = after;
  }

  public List<String> created() {
    return created;
  }

  public List<String> modified() {
    return modified;
  }

  public List<String> deleted() {
    return deleted;
  }

  public boolean isEmpty() {
    return created.isEmpty() && modified.isEmpty() && deleted.isEmpty();
  }

  /** Compares current files with the new ones. */
  public static BundleChanges between(Map<String, String> current, Map<String, String> next) {
    List<String> created = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    Map<String, String> before = new TreeMap<>();
    Map<String, String> after = new TreeMap<>();
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
      if (a != null) {
        before.put(path, a);
      }
      if (b != null) {
        after.put(path, b);
      }
    }
    return new BundleChanges(created, modified, deleted, before, after);
  }

  /** The unified diff of every changed file, in path order. */
  public synchronized String diff() {
    if (diff == null) {
      StringBuilder sb = new StringBuilder();
      TreeSet<String> paths = new TreeSet<>(before.keySet());
      paths.addAll(after.keySet());
      for (String path : paths) {
        String a = before.get(path);
        String b = after.get(path);
        List<String> aLines = a == null ? List.of() : lines(a);
        List<String> bLines = b == null ? List.of() : lines(b);
        Patch<String> patch = DiffUtils.diff(aLines, bLines);
        List<String> unified =
            UnifiedDiffUtils.generateUnifiedDiff(
                a == null ? "/dev/null" : "a/" + path,
                b == null ? "/dev/null" : "b/" + path,
                aLines,
                patch,
                3);
        unified.forEach(l -> sb.append(l).append('\n'));
      }
      diff = sb.toString();
    }
    return diff;
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
