package dev.kubeharden.kubelet;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go {@code time.ParseDuration} syntax, as metav1.Duration accepts it. */
public final class GoDurations {
  private static final Pattern WHOLE =
      Pattern.compile("[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+|[-+]?0");
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDurations() {}

  public static boolean isValid(String text) {
    return WHOLE.matcher(text).matches();
  }

  /** Nanoseconds of a valid duration. */
  public static long toNanos(String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    boolean negative = text.startsWith("-");
    Matcher m = PART.matcher(text);
    BigDecimal total = BigDecimal.ZERO;
    while (m.find()) {
      BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      total = total.add(n.multiply(BigDecimal.valueOf(unit)));
    }
    long nanos = total.longValue();
    return negative ? -nanos : nanos;
  }
}
