package dev.kubeharden.kubelet;

import dev.kubeharden.model.Facts;
import dev.kubeharden.model.KubeVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Fields the kubelet accepts only with a feature gate on, from {@code
 * kubeharden/facts/kubelet-gated-fields.tsv}.
 */
final class GatedFields {
  /**
   * One row: {@code path} written as {@code when} needs {@code gate} from {@code since} through
   * {@code until}.
   */
  record Gated(
      String path,
      int since,
      int until,
      String gate,
      String when,
      String subject,
      String upstream) {
    boolean appliesTo(KubeVersion v) {
      return v.minor() >= since && v.minor() <= until;
    }

    /** Whether a (defaulted) value needs the gate. */
    boolean needsGate(Object value) {
      if (value == null) {
        return false;
      }
      String[] w = when.split(":", 2);
      return switch (w[0]) {
        case "set" ->
            !(value instanceof String s && s.isEmpty())
                && !(value instanceof List<?> l && l.isEmpty());
        case "true" -> Boolean.TRUE.equals(value);
        case "positive" -> value instanceof String d && GoDurations.toNanos(d) > 0;
        case "nonzero" -> value instanceof String d && GoDurations.toNanos(d) != 0;
        case "ne" ->
            !(value instanceof String d
                && GoDurations.isValid(d)
                && GoDurations.toNanos(d) == GoDurations.toNanos(w[1]));
        case "eq" -> w[1].equals(value);
        default -> throw new IllegalStateException("unknown condition " + when);
      };
    }
  }

  static final List<Gated> ALL = load();

  private GatedFields() {}

  private static List<Gated> load() {
    List<Gated> out = new ArrayList<>();
    for (String[] c : Facts.rows("kubelet-gated-fields.tsv")) {
      out.add(
          new Gated(
              c[0],
              Facts.minor(c[1], 0),
              Facts.minor(c[2], Integer.MAX_VALUE),
              c[3],
              c[4],
              c[5],
              c[6]));
    }
    return List.copyOf(out);
  }
}
