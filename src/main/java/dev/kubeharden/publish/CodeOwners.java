package dev.kubeharden.publish;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CODEOWNERS file (GitHub, GitLab and Gitea share the format): lines of a gitignore-style pattern
 * and owners ({@code @user}, {@code @org/team}, an email); for each path the last matching line
 * wins. GitLab's {@code [Section]} headers are skipped; their rules count like the others.
 */
final class CodeOwners {
  private record Rule(Pattern pattern, List<String> owners) {}

  private final List<Rule> rules = new ArrayList<>();

  CodeOwners(String text) {
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("[") || line.startsWith("^[")) {
        continue;
      }
      String[] f = line.split("\\s+", -1);
      List<String> owners = new ArrayList<>();
      for (int i = 1; i < f.length && !f[i].startsWith("#"); i++) {
        owners.add(f[i]);
      }
      rules.add(new Rule(toRegex(f[0]), owners));
    }
  }

  /** The owners of these paths: for each, its last matching rule's owners; in first-seen order. */
  Set<String> owners(Collection<String> paths) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : paths) {
      for (int i = rules.size() - 1; i >= 0; i--) {
        if (rules.get(i).pattern().matcher(p).matches()) {
          out.addAll(rules.get(i).owners());
          break;
        }
      }
    }
    return out;
  }

  /** A gitignore-style pattern as a regex over a repository path (a directory matches below it). */
  static Pattern toRegex(String glob) {
    boolean anchored = glob.startsWith("/");
    String g = anchored ? glob.substring(1) : glob;
    boolean dir = g.endsWith("/");
    if (dir) {
      g = g.substring(0, g.length() - 1);
    }
    anchored = anchored || g.contains("/");
    StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
        boolean slash = i + 2 < g.length() && g.charAt(i + 2) == '/';
        re.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    re.append(dir ? "/.*" : "(?:/.*)?");
    return Pattern.compile(re.toString());
  }
}
