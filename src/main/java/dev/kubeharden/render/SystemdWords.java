package dev.kubeharden.render;

import java.util.regex.Pattern;

/**
 * Words of an {@code ExecStart=} command line, quoted the way systemd.syntax(7) and
 * systemd.service(5) "Command lines" read them back: a word of safe characters stays as it is; any
 * other word is double-quoted, with {@code \"} and {@code \\} escaped (the C-style escapes systemd
 * unquotes inside double quotes). A word with {@code $} or {@code %} (systemd expands variables and
 * specifiers even inside quotes; {@code $$} and {@code %%} would be their escapes, which
 * kubeharden's own unit reader does not undo) or a control character is not written.
 */
public final class SystemdWords {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@+=:,./-]+");

  private SystemdWords() {}

  /** Whether {@code word} can be written into a command line and read back unchanged. */
  public static boolean writable(String word) {
    return !word.isEmpty()
        && word.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '$' || c == '%');
  }

  /** The word as it goes into the command line; {@link #writable} must hold. */
  public static String quote(String word) {
    if (!writable(word)) {
      throw new IllegalArgumentException("not writable into a systemd command line: " + word);
    }
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return DoubleQuoted.append(new StringBuilder(), word, c -> false, c -> "").toString();
  }
}
