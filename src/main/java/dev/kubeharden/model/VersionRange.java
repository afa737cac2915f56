package dev.kubeharden.model;

/** An inclusive range of Kubernetes minors; either end may be open (null). */
public record VersionRange(KubeVersion min, KubeVersion max) {
  public static final VersionRange ALL = new VersionRange(null, null);

  public boolean contains(KubeVersion v) {
    return (min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0);
  }

  public boolean isAll() {
    return min == null && max == null;
  }

  @Override
  public String toString() {
    if (isAll()) {
      return "all";
    }
    if (min != null && max != null) {
      return min.equals(max) ? min.toString() : min + "-" + max;
    }
    return min != null ? ">=" + min : "<=" + max;
  }
}
