package dev.kubeharden.publish.git;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.Repository;

/**
 * Git's own rules for the names kubeharden writes: a directory path in a tree (what {@code git
 * fsck} and a checkout on Windows or macOS accept, through JGit's {@link ObjectChecker}) and a
 * branch name (what {@code git check-ref-format --branch} accepts). Each check returns why a name
 * is refused, or null.
 */
public final class GitNames {
  /**
   * Names git gives a meaning in any directory (fsck's gitmodulesBlob, gitattributesBlob and the
   * symlink checks of upstream git's fsck.c), with their NTFS 8.3 short names (upstream path.c,
   * is_ntfs_dot_generic): a directory by such a name is an error or a trap.
   */
  private static final Set<String> RESERVED =
      Set.of(".gitmodules", ".gitattributes", ".gitignore", ".mailmap");

  private static final Pattern RESERVED_SHORT =
      Pattern.compile("(?i)(gitmod|gi7eba|gitatt|gi7d29|gitign|gi250a|mailma|maba30)~[1-9]");

  private GitNames() {}

  /**
   * Why {@code path} ('/'-separated, no leading or trailing '/') cannot be a directory in a git
   * tree, or null.
   */
  public static String pathProblem(String path) {
    if (path.isEmpty() || path.contains("//")) {
      return "it has an empty component";
    }
    ObjectChecker checker = new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true);
    for (String seg : path.split("/", -1)) {
      String why = segmentProblem(seg);
      if (why != null) {
        return "'" + printable(seg) + "' " + why;
      }
      try {
        byte[] raw = Constants.encode(seg);
        checker.checkPathSegment(raw, 0, raw.length);
      } catch (CorruptObjectException e) {
        return "'" + printable(seg) + "' is a name git refuses";
      }
    }
    return null;
  }

  private static String segmentProblem(String seg) {
    if (seg.codePoints().anyMatch(Character::isISOControl)) {
      return "has a control character";
    }
    if (seg.codePoints().anyMatch(GitNames::invisible)) {
      return "has an invisible Unicode character";
    }
    String folded = seg.toLowerCase(Locale.ROOT).replaceAll("[. ]+$", "");
    if (RESERVED.contains(folded) || RESERVED_SHORT.matcher(seg).matches()) {
      return "is a name git reserves";
    }
    return null;
  }

  /**
   * Why {@code name} cannot be the branch kubeharden owns, or null: {@code git check-ref-format
   * --branch} rules, plus names that read as something else (a full ref, an option).
   */
  public static String branchProblem(String name) {
    if (name.equals(Constants.HEAD)) {
      return "HEAD names the checked-out commit";
    }
    if (name.startsWith("-")) {
      return "it starts with '-'";
    }
    if (name.startsWith(Constants.R_REFS)) {
      return "give the branch's short name, without refs/";
    }
    if (name.equals("@") || name.contains("@{")) {
      return "'@' and '@{' have a meaning of their own in git revisions";
    }
    if (name.codePoints().anyMatch(GitNames::invisible)) {
      return "it has an invisible Unicode character";
    }
    if (!Repository.isValidRefName(Constants.R_HEADS + name)) {
      return "git check-ref-format refuses it";
    }
    return null;
  }

  /** Unicode format characters (zero-width joiners, direction overrides, BOM): unseen in output. */
  private static boolean invisible(int cp) {
    return Character.getType(cp) == Character.FORMAT;
  }

  /** {@code s} with control and invisible characters written as escapes, for messages. */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                  if (Character.isISOControl(cp) || invisible(cp)) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", cp));
                  } else {
                    b.appendCodePoint(cp);
                  }
                }
              }
            });
    return b.toString();
  }
}
