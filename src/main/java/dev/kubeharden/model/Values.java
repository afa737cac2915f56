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
}
