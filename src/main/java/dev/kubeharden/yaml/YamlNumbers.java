package dev.kubeharden.yaml;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * What a plain YAML scalar means as a number, decided once for every reader (profiles, inventories,
 * the kubelet configuration files diff reads).
 *
 * <p>The kubelet reads its configuration through sigs.k8s.io/yaml, which resolves plain scalars
 * with go-yaml v2 (YAML 1.1: {@code resolve.go}: {@code strconv.ParseInt(s, 0, 64)} after removing
 * {@code _}, then a float) and then encodes the result as JSON ({@code yaml.go} {@code
 * yamlToJSONTarget}: {@code json.Marshal}, which fails on infinities and NaN). YAML 1.2 core
 * parsers read some of the same texts differently. Where both agree the number is accepted with
 * that meaning; where they disagree, or the kubelet cannot read the value at all, it is refused
 * with the reason, never guessed:
 *
 * <ul>
 *   <li>decimal ({@code 110}, {@code -1}), hex ({@code 0x1F}), {@code 0o} octal and {@code 0b}
 *       binary integers: accepted;
 *   <li>a leading zero ({@code 0600}): octal 384 to the kubelet, decimal 600 in YAML 1.2: refused;
 *   <li>digit separators ({@code 1_000}): removed by the kubelet, a string in YAML 1.2: refused;
 *   <li>decimal and exponent floats ({@code 0.9}, {@code 1e3}): accepted when finite;
 *   <li>{@code .inf}, {@code -.inf}, {@code .nan} and floats beyond the 64-bit range: refused (JSON
 *       has no infinity or NaN, so the kubelet cannot load them).
 * </ul>
 */
public final class YamlNumbers {
  /** How a plain scalar reads as a number. */
  public sealed interface Reading permits Whole, Real, Refused {}

  /** An integer, of any size (range checks are the field's). */
  public record Whole(BigInteger value) implements Reading {}

  /** A finite floating-point number. */
  public record Real(double value) implements Reading {}

  /** A number form kubeharden does not accept, and why (a sentence without the text). */
  public record Refused(String reason) implements Reading {}

  private static final Pattern DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
  private static final Pattern PREFIXED =
      Pattern.compile("[-+]?0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)");
  private static final Pattern LEADING_ZERO = Pattern.compile("[-+]?0[0-9]+");
  private static final Pattern SEPARATED =
      Pattern.compile("[-+]?(0[xXoObB])?[0-9a-fA-F_]*_[0-9a-fA-F_]*");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern NON_FINITE =
      Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  static final String LEADING_ZERO_REASON =
      "a leading 0 is octal in YAML 1.1, which Kubernetes reads (0600 is 384), but decimal in"
          + " YAML 1.2 (600); write the decimal number, or 0o600 for octal";
  static final String SEPARATOR_REASON =
      "digit separators (_) are dropped in YAML 1.1, which Kubernetes reads, but make a string in"
          + " YAML 1.2; write the digits without them";
  static final String NON_FINITE_REASON =
      "Kubernetes cannot load infinity or NaN (it turns YAML into JSON, which has neither);"
          + " write a finite number";
  static final String FLOAT_RANGE_REASON =
      "the number is beyond the range of a 64-bit floating-point value";

  private YamlNumbers() {}

  /**
   * The core-schema kind of a plain scalar that has a number's form: "int", "float", or null when
   * it is not a number at all (refused forms count as their kind, so a string field rejects them).
   */
  public static String form(String text) {
    if (DECIMAL.matcher(text).matches()
        || PREFIXED.matcher(text).matches()
        || LEADING_ZERO.matcher(text).matches()) {
      return "int";
    }
    if (SEPARATED.matcher(text).matches() && form(text.replace("_", "")) != null) {
      return "int";
    }
    if (FLOAT.matcher(text).matches() || NON_FINITE.matcher(text).matches()) {
      return "float";
    }
    return null;
  }

  /** What a plain scalar with a number's {@link #form} means; null when it is not a number. */
  public static Reading read(String text) {
    if (DECIMAL.matcher(text).matches()) {
      return new Whole(new BigInteger(text.startsWith("+") ? text.substring(1) : text));
    }
    if (PREFIXED.matcher(text).matches()) {
      return new Whole(prefixed(text));
    }
    if (LEADING_ZERO.matcher(text).matches()) {
      return new Refused(LEADING_ZERO_REASON);
    }
    if (SEPARATED.matcher(text).matches() && form(text.replace("_", "")) != null) {
      return new Refused(SEPARATOR_REASON);
    }
    if (NON_FINITE.matcher(text).matches()) {
      return new Refused(NON_FINITE_REASON);
    }
    if (FLOAT.matcher(text).matches()) {
      double d = Double.parseDouble(text);
      return Double.isInfinite(d) ? new Refused(FLOAT_RANGE_REASON) : new Real(d);
    }
    return null;
  }

  /**
   * The integer a Go {@code strconv.ParseInt(s, 0, ...)} reads (pflag's int flags): an optional
   * sign, then decimal, {@code 0x} hex, {@code 0o} or leading-zero octal, or {@code 0b} binary,
   * with {@code _} allowed between digits; null when the text is not one.
   */
  public static BigInteger goInteger(String text) {
    String s = text;
    boolean negative = false;
    if (s.startsWith("+") || s.startsWith("-")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    int radix = 10;
    boolean prefix = false;
    if (s.length() > 1 && s.charAt(0) == '0') {
      switch (s.charAt(1)) {
        case 'x', 'X' -> radix = 16;
        case 'o', 'O' -> radix = 8;
        case 'b', 'B' -> radix = 2;
        default -> radix = 8;
      }
      prefix = radix != 8 || Character.toLowerCase(s.charAt(1)) == 'o';
      s = prefix ? s.substring(2) : s.substring(1);
    }
    if (!underscoresOk(s, prefix)) {
      return null;
    }
    s = s.replace("_", "");
    if (s.isEmpty()) {
      return null;
    }
    try {
      BigInteger v = new BigInteger(s, radix);
      return negative ? v.negate() : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Go's rule: '_' only between digits, or right after a base prefix. */
  private static boolean underscoresOk(String digits, boolean afterPrefix) {
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) != '_') {
        continue;
      }
      boolean before = i > 0 ? digits.charAt(i - 1) != '_' : afterPrefix;
      boolean after = i + 1 < digits.length() && digits.charAt(i + 1) != '_';
      if (!before || !after) {
        return false;
      }
    }
    return true;
  }

  private static BigInteger prefixed(String text) {
    boolean negative = text.startsWith("-");
    String s = text.startsWith("+") || negative ? text.substring(1) : text;
    int radix =
        switch (Character.toLowerCase(s.charAt(1))) {
          case 'x' -> 16;
          case 'o' -> 8;
          default -> 2;
        };
    BigInteger v = new BigInteger(s.substring(2), radix);
    return negative ? v.negate() : v;
  }
}
