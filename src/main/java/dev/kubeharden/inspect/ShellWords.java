package dev.kubeharden.inspect;

import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line into words the way systemd and POSIX shells do for kubelet command lines:
 * whitespace separates, single and double quotes group, a backslash escapes the next character.
 * Columns are kept per character.
 */
final class ShellWords {
  private ShellWords() {}

  /** Splits {@code text}, whose first character sits at {@code firstColumn} of {@code line}. */
  static List<Word> split(
      String text, String source, int line, int firstColumn, List<Problem> problems) {
    List<Word> out = new ArrayList<>();
    StringBuilder sb = null;
    Columns cols = new Columns(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (sb != null) {
          out.add(word(sb, cols, source, line));
          sb = null;
        }
        i++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder();
        cols.size = 0;
      }
      if (c == '"' || c == '\'') {
        int close = closing(text, i + 1, c);
        if (close < 0) {
          problems.add(
              Problem.error(
                  new Position(source, line, firstColumn + i), "unterminated " + c + " quote"));
          return out;
        }
        for (int j = i + 1; j < close; j++) {
          char q = text.charAt(j);
          if (c == '"' && q == '\\' && j + 1 < close) {
            j++;
            q = text.charAt(j);
          }
          sb.append(q);
          cols.add(firstColumn + j);
        }
        i = close + 1;
        continue;
      }
      if (c == '\\' && i + 1 < text.length()) {
        i++;
        c = text.charAt(i);
      }
      sb.append(c);
      cols.add(firstColumn + i);
      i++;
    }
    if (sb != null) {
      out.add(word(sb, cols, source, line));
    }
    return out;
  }

  private static int closing(String text, int from, char quote) {
    for (int j = from; j < text.length(); j++) {
      char q = text.charAt(j);
      if (q == '\\' && quote == '"') {
        j++;
      } else if (q == quote) {
        return j;
      }
    }
    return -1;
  }

  private static Word word(StringBuilder sb, Columns cols, String source, int line) {
    return new Word(sb.toString(), source, line, java.util.Arrays.copyOf(cols.at, cols.size));
  }

  /** The column of each character of the word being read (no word is longer than the text). */
  private static final class Columns {
    final int[] at;
    int size;

    Columns(int capacity) {
      at = new int[capacity];
    }

    void add(int column) {
      at[size++] = column;
    }
  }
}
