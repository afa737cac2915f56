package dev.kubeharden.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes minor version, such as 1.34. Only 1.x exists. */
public record KubeVersion(int minor) implements Comparable<KubeVersion> {
  public static final KubeVersion OLDEST_SUPPORTED = new KubeVersion(29);
  public static final KubeVersion NEWEST_SUPPORTED = new KubeVersion(37);
  public static final KubeVersion DEFAULT = new KubeVersion(36);

  private static final Pattern FORM = Pattern.compile("v?1\\.(\\d{1,3})(?:\\.\\d+)?");

  /** Parses {@code 1.34}, {@code v1.34} or {@code 1.34.2}; returns null when the text is not a version. */
  public static KubeVersion parseOrNull(String text) {
    Matcher m = FORM.matcher(text.trim());
    return m.matches() ? new KubeVersion(Integer.parseInt(m.group(1))) : null;
  }

  public boolean isSupported() {
    return minor >= OLDEST_SUPPORTED.minor && minor <= NEWEST_SUPPORTED.minor;
  }

  public boolean atLeast(KubeVersion other) {
    return minor >= other.minor;
  }

  @Override
  public int compareTo(KubeVersion o) {
    return Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return "1." + minor;
  }
}
