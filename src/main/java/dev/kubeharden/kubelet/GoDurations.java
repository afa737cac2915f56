package dev.kubeharden.kubelet;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go {@code time.ParseDuration} syntax, as metav1.Duration accepts it. */
public final class GoDurations {
  private static final Pattern WHOLE =
      Pattern.compile("[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+|[-+]?0");
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  /**
   * Results by text, bounded: a fleet of nodes repeats the same few durations ("0s", "4h0m0s"), and
   * the regular expressions were a large part of a fleet diff's time.
   */
  private static final int MAX_MEMO = 4096;

  private static final int MAX_MEMO_TEXT = 64;
  private static final Map<String, Long> NANOS = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> VALID = new ConcurrentHashMap<>();

  private GoDurations() {}

  public static boolean isValid(String text) {
    Boolean known = VALID.get(text);
    if (known != null) {
      return known;
    }
    boolean valid = WHOLE.matcher(text).matches();
    if (text.length() <= MAX_MEMO_TEXT && VALID.size() < MAX_MEMO) {
      VALID.put(text, valid);
    }
    return valid;
  }

  /** Nanoseconds of a valid duration. */
  public static long toNanos(String text) {
    Long known = NANOS.get(text);
    if (known != null) {
      return known;
    }
    long nanos = parse(text);
    if (text.length() <= MAX_MEMO_TEXT && NANOS.size() < MAX_MEMO) {
      NANOS.put(text, nanos);
    }
    return nanos;
  }

  private static long parse(String text) {
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
