package dev.kubeharden.publish;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Keeps credentials out of messages: strips user info from URLs and masks known secret values. */
public final class Secrets {
  private static final Pattern USER_INFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

  private final List<String> secrets;

  public Secrets(List<String> secrets) {
    this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 3).toList();
  }

  public static Secrets none() {
    return new Secrets(List.of());
  }

  /** {@code https://user:token@host/x} becomes {@code https://host/x}; other text is left alone. */
  public static String stripUserInfo(String text) {
    return text == null ? null : USER_INFO.matcher(text).replaceAll("$1");
  }

  /**
   * Strips user info from URLs and replaces every known secret with {@code ***}; newlines become
   * spaces.
   */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String s = stripUserInfo(text);
    for (String secret : secrets) {
      s = s.replace(secret, "***");
    }
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  public Secrets with(String secret) {
    List<String> all = new java.util.ArrayList<>(secrets);
    all.add(secret);
    return new Secrets(all);
  }
}
