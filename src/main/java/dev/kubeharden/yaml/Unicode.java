package dev.kubeharden.yaml;

import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The characters on which YAML readers disagree, found before parsing, and the line arithmetic
 * every message uses (lines end at LF, CRLF or a lone CR, as in YAML 1.2 and 1.1 alike).
 */
final class Unicode {
  static final String LONE_SURROGATE =
      "the string holds an unpaired surrogate escape (\\uD800-\\uDFFF), which is not a Unicode"
          + " character (the kubelet's YAML reader refuses it too); write the character itself or"
          + " its \\U escape";

  private static final int MAX_REPORTED = 10;

  /**
   * The longest line read, in code points: SnakeYAML's reader copies its buffer as a line grows, so
   * a line of n characters costs n squared (an 8 MB comment line took minutes). A configz JSON on
   * one line is tens of KiB.
   */
  static final int MAX_LINE = 1024 * 1024;

  private Unicode() {}

  /**
   * A problem for each raw NEL (U+0085), LINE SEPARATOR (U+2028) or PARAGRAPH SEPARATOR (U+2029) in
   * {@code text}: YAML 1.1 readers (SnakeYAML, go-yaml v2 in the kubelet) end a line there and YAML
   * 1.2 readers do not, so the same file would mean two things. Written as escapes in a
   * double-quoted string they are fine. A byte order mark is fine as the first character only.
   */
  static List<Problem> ambiguousCharacters(String source, String text) {
    if (text.length() <= MAX_LINE
        && text.indexOf(0x85) < 0
        && text.indexOf(0x2028) < 0
        && text.indexOf(0x2029) < 0
        && text.indexOf(0xFEFF, 1) < 0) {
      // The common case, without the loop below (run once per file read, mostly interpreted):
      // no line can be too long, and none of the characters is there.
      return List.of();
    }
    List<Problem> out = new ArrayList<>();
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length() && out.size() < MAX_REPORTED; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
        line++;
        column = 1;
        continue;
      }
      if (column > MAX_LINE) {
        out.add(
            Problem.error(
                new Position(source, line, column),
                "the line is longer than "
                    + MAX_LINE
                    + " characters; YAML reading slows down with the square of a line's length,"
                    + " so kubeharden reads no longer line (wrap it)"));
        return out;
      }
      if (c == 0xFEFF && i > 1) {
        out.add(
            Problem.error(
                new Position(source, line, column),
                "a byte order mark (U+FEFF) is accepted only as the first character of the file;"
                    + " elsewhere it is an invisible character that makes two keys or values look"
                    + " alike"));
      } else if (c == 0x85 || c == 0x2028 || c == 0x2029) {
        out.add(
            Problem.error(
                new Position(source, line, column),
                String.format(
                    "a raw U+%04X (%s) ends a line for YAML 1.1 readers (the kubelet's) but not"
                        + " for YAML 1.2 ones; remove it, or write \\%s in a double-quoted string",
                    c,
                    c == 0x85
                        ? "NEXT LINE"
                        : c == 0x2028 ? "LINE SEPARATOR" : "PARAGRAPH SEPARATOR",
                    c == 0x85 ? "N" : c == 0x2028 ? "L" : "P")));
      }
      column++;
    }
    return out;
  }

  /** Where each line of a text starts (lines end at LF, CRLF or CR), built once. */
  static final class Lines {
    private final String text;
    private final int[] starts;

    Lines(String text) {
      this.text = text;
      int[] s = new int[16];
      int n = 0;
      s[n++] = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
          if (n == s.length) {
            s = java.util.Arrays.copyOf(s, n * 2);
          }
          s[n++] = i + 1;
        }
      }
      this.starts = java.util.Arrays.copyOf(s, n);
    }

    String text() {
      return text;
    }

    /** Line {@code n} (1-based) without its end, or null past the end. */
    String line(int n) {
      if (n < 1 || n > starts.length) {
        return null;
      }
      int from = starts[n - 1];
      return from > text.length() ? null : text.substring(from, lineEnd(text, from));
    }
  }

  /** Line {@code n} (1-based) of {@code text} without its end, or null past the end. */
  static String line(String text, int n) {
    int start = 0;
    for (int line = 1; line < n; line++) {
      int end = lineEnd(text, start);
      if (end >= text.length()) {
        return null;
      }
      start = end + (text.startsWith("\r\n", end) ? 2 : 1);
    }
    return start > text.length() ? null : text.substring(start, lineEnd(text, start));
  }

  private static int lineEnd(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return text.length();
  }

  /**
   * The first character of {@code s} that no kubeharden string may hold, or -1: C0 controls other
   * than tab and line feed (a carriage return can only come from an escape: line ends are LF in
   * parsed text), DEL, C1 controls (NEL included), and the line and paragraph separators U+2028 and
   * U+2029. They would reach terminals (an escape sequence in a warning), comments and
   * line-oriented files, where YAML 1.1 readers end a line at NEL and the separators.
   */
  static int forbiddenCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n')
          || (c >= 0x7f && c <= 0x9f)
          || c == 0x2028
          || c == 0x2029) {
        return c;
      }
    }
    return -1;
  }

  static String forbidden(int c) {
    return String.format(
        "the string holds the control character U+%04X, which kubeharden does not accept in any"
            + " value (it would reach terminals, comments and line-oriented files)",
        c);
  }

  static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
