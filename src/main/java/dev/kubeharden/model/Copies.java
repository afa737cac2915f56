package dev.kubeharden.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive immutable copies for records' collection components; null stays null. */
public final class Copies {
  private Copies() {}

  public static <T> List<T> list(List<T> l) {
    return l == null ? null : List.copyOf(l);
  }

  /**
   * An unmodifiable copy in the same iteration order (unlike {@link Map#copyOf}): schema order,
   * file order and sorted maps all reach the output as they are.
   */
  public static <K, V> Map<K, V> map(Map<K, V> m) {
    return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
