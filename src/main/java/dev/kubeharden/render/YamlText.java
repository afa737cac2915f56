package dev.kubeharden.render;

import java.util.regex.Pattern;

/**
 * The one escaping function for values that reach templates: YAML scalars (strings always
 * double-quoted, so no value can change type or break the document) and mapping keys.
 */
public final class YamlText {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9._/-]*");

  private YamlText() {}

  public static String scalar(Object v) {
    if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
      return String.valueOf(v);
    }
    if (v instanceof Double d) {
      return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d) : Double.toString(d);
    }
    return quote(String.valueOf(v));
  }

  public static String key(String k) {
    return PLAIN_KEY.matcher(k).matches() && !isReserved(k) ? k : quote(k);
  }

  public static String quote(String s) {
    return DoubleQuoted.append(
            new StringBuilder(s.length() + 2),
            s,
            c -> c < 0x20 || c == 0x7f,
            c -> String.format("\\x%02x", c))
        .toString();
  }

  private static boolean isReserved(String k) {
    return switch (k.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "false", "yes", "no", "on", "off", "null", "y", "n" -> true;
      default -> false;
    };
  }
}
