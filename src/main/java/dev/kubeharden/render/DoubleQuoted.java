package dev.kubeharden.render;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The double-quoted string both JSON and YAML write: {@code "}, {@code \}, newline, carriage return
 * and tab escaped alike; other control characters in each format's own escape.
 */
final class DoubleQuoted {
  private DoubleQuoted() {}

  /**
   * Appends {@code s} in double quotes to {@code sb}; a character {@code control} accepts is
   * written as {@code escape} gives it.
   */
  static StringBuilder append(
      StringBuilder sb, String s, IntPredicate control, IntFunction<String> escape) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (control.test(c)) {
            sb.append(escape.apply(c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }
}
