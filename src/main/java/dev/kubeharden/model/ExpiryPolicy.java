package dev.kubeharden.model;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * When exceptions expire: today's date (read once from a {@link Clock}, so tests fix it) and the
 * warning window. An exception holds through its {@code expires} date and has expired the day
 * after; one with fewer than {@code warnDays} days left warns.
 *
 * @param enforced false only to list exceptions (the exceptions command), where an expired one is
 *     flagged instead of failing the resolution
 */
public record ExpiryPolicy(LocalDate today, int warnDays, boolean enforced) {
  public static final int DEFAULT_WARN_DAYS = 30;

  public static ExpiryPolicy at(Clock clock, int warnDays) {
    return new ExpiryPolicy(LocalDate.now(clock), warnDays, true);
  }

  /** Today in the system time zone, the default window: for callers without a command line. */
  public static ExpiryPolicy system() {
    return at(Clock.system(ZoneId.systemDefault()), DEFAULT_WARN_DAYS);
  }

  /** The same dates, reporting expired exceptions instead of failing on them. */
  public ExpiryPolicy listing() {
    return new ExpiryPolicy(today, warnDays, false);
  }

  public boolean expired(Disable d) {
    return d.expires() != null && d.expires().isBefore(today);
  }

  public boolean expiresSoon(Disable d) {
    return d.expires() != null
        && !expired(d)
        && ChronoUnit.DAYS.between(today, d.expires()) < warnDays;
  }

  /** The error of an expired exception (its position names the file and line). */
  public String expiredMessage(Disable d) {
    return "exception "
        + d.controlId()
        + " expired on "
        + d.expires()
        + with(d)
        + ": renew it with a later expires date, or remove it";
  }

  /**
   * The warning of an exception about to expire: the same text every day of the window, so the
   * report changes once, when the window is entered.
   */
  public String warning(Disable d) {
    return "exception "
        + d.controlId()
        + " ("
        + d.profile()
        + ") expires on "
        + d.expires()
        + ", within "
        + warnDays
        + (warnDays == 1 ? " day" : " days")
        + with(d)
        + ": renew it or remove it";
  }

  private static String with(Disable d) {
    String who = d.ownerAndTicket();
    return who.isEmpty() ? "" : " (" + who + ")";
  }
}
