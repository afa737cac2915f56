package dev.kubeharden.model;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Short human-readable forms of typed values, for messages and reports. */
public final class Values {
  private Values() {}

  public static String show(Object v) {
    if (v == null) {
      return "(unset)";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Setting.VarRef ref) {
      return ref.text();
    }
    if (v instanceof List<?> l) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      l.forEach(o -> j.add(show(o)));
      return j.toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      m.forEach((k, o) -> j.add(k + ": " + show(o)));
      return j.toString();
    }
    return String.valueOf(v);
  }

  /**
   * A typed value as JSON takes it: maps, lists, booleans, numbers and strings as they are; a value
   * still naming variables as its text ({@code "${clientCAFile}"}).
   */
  public static Object plain(Object v) {
    if (v instanceof Setting.VarRef ref) {
      return ref.text();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Values::plain).toList();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, o) -> out.put(String.valueOf(k), plain(o)));
      return out;
    }
    return v;
  }
}
