package dev.kubeharden.profile;

import java.util.regex.Pattern;

/** Checks for paths written into generated files or used under --out. */
public final class SafePaths {
  private static final Pattern ABSOLUTE = Pattern.compile("(/[A-Za-z0-9._*@+-]+)+/?");

  /** What a path must be, for messages. */
  public static final String RULE =
      "must be an absolute, normalized path of letters, digits and . _ * @ + - (no whitespace, control"
          + " characters, quotes, $ or %)";

  private SafePaths() {}

  /** An absolute path without "." or ".." segments or whitespace (globs allowed, for tmpfiles). */
  public static boolean isAbsoluteNormal(String path) {
    if (!ABSOLUTE.matcher(path).matches()) {
      return false;
    }
    for (String seg : path.split("/", -1)) {
      if (seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
