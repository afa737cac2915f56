package dev.kubeharden.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes minor version, such as 1.34. Only 1.x exists. */
public record KubeVersion(int minor) implements Comparable<KubeVersion> {
  private static final Pattern FORM = Pattern.compile("v?1\\.(\\d{1,3})(?:\\.\\d+)?");
  private static final Minors MINORS = Minors.load();

  /** The supported minors and the default, from {@code kubeharden/facts/minors.tsv}. */
  public static final KubeVersion OLDEST_SUPPORTED = new KubeVersion(MINORS.oldest);

  public static final KubeVersion NEWEST_SUPPORTED = new KubeVersion(MINORS.newest);
  public static final KubeVersion DEFAULT = new KubeVersion(MINORS.dflt);

  /**
   * Parses {@code 1.34}, {@code v1.34} or {@code 1.34.2}; returns null when the text is not a
   * version.
   */
  public static KubeVersion parseOrNull(String text) {
    Matcher m = FORM.matcher(text.trim());
    return m.matches() ? new KubeVersion(Integer.parseInt(m.group(1))) : null;
  }

  public boolean isSupported() {
    return minor >= OLDEST_SUPPORTED.minor && minor <= NEWEST_SUPPORTED.minor;
  }

  /**
   * Whether the kubelet of this minor reads --config-dir only with KUBELET_CONFIG_DROPIN_DIR_ALPHA
   * set (alpha), as opposed to on by default (beta from 1.30).
   */
  public boolean configDirIsAlpha() {
    return MINORS.alphaConfigDir.contains(minor);
  }

  public boolean atLeast(KubeVersion other) {
    return minor >= other.minor;
  }

  @Override
  public int compareTo(KubeVersion o) {
    return Integer.compare(minor, o.minor);
  }

  // equals and hashCode written out, with the values the generated ones give: the generated ones
  // bootstrap through ObjectMethods on first use, which costs start-up time.
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof KubeVersion v && minor == v.minor);
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(minor);
  }

  @Override
  public String toString() {
    return "1." + minor;
  }

  /** The facts file, read once. */
  private static final class Minors {
    int oldest = Integer.MAX_VALUE;
    int newest = Integer.MIN_VALUE;
    int dflt = -1;
    final java.util.Set<Integer> alphaConfigDir = new java.util.HashSet<>();

    static Minors load() {
      String resource = "kubeharden/facts/minors.tsv";
      Minors m = new Minors();
      for (String[] c : Facts.rows("minors.tsv")) {
        Matcher v = FORM.matcher(c[0]);
        if (c.length != 3 || !v.matches()) {
          throw new IllegalStateException(resource + ": bad line: " + String.join("\t", c));
        }
        int minor = Integer.parseInt(v.group(1));
        m.oldest = Math.min(m.oldest, minor);
        m.newest = Math.max(m.newest, minor);
        if (c[1].equals("yes")) {
          m.dflt = minor;
        }
        if (c[2].equals("alpha")) {
          m.alphaConfigDir.add(minor);
        }
      }
      if (m.dflt < 0) {
        throw new IllegalStateException(resource + ": no default minor");
      }
      return m;
    }
  }
}
