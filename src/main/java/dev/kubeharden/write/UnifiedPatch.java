package dev.kubeharden.write;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.Arrays;
import java.util.List;

/** A unified diff between two texts (java-diff-utils), for diff --patch. */
public final class UnifiedPatch {
  private UnifiedPatch() {}

  /**
   * The unified diff with 3 lines of context, or "" when the texts are equal. A null text is an
   * absent file.
   */
  public static String of(String fromName, String from, String toName, String to) {
    List<String> a = lines(from);
    List<String> b = lines(to);
    if (a.equals(b)) {
      return "";
    }
    List<String> unified =
        UnifiedDiffUtils.generateUnifiedDiff(
            from == null ? "/dev/null" : fromName,
            to == null ? "/dev/null" : toName,
            a,
            DiffUtils.diff(a, b),
            3);
    return String.join("\n", unified) + "\n";
  }

  private static List<String> lines(String s) {
    if (s == null || s.isEmpty()) {
      return List.of();
    }
    String t = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    return Arrays.asList(t.split("\n", -1));
  }
}
