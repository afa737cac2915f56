package dev.kubeharden.kubelet;

import dev.kubeharden.model.Facts;
import dev.kubeharden.model.KubeVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The v1beta1 defaulting the kubelet applies to a config file before validating it
 * (pkg/kubelet/apis/config/v1beta1/defaults.go SetDefaults_KubeletConfiguration), from {@code
 * kubeharden/facts/kubelet-defaults.tsv}.
 */
public final class V1beta1Defaults {
  private record Row(String path, int since, String text, boolean zeroToo, String when) {}

  private static final List<Row> ROWS = load();

  /** The paths whose zero value defaulting also replaces ({@link #zeroIsDefaulted}). */
  private static final Set<String> ZERO_DEFAULTED = zeroDefaulted();

  private V1beta1Defaults() {}

  /**
   * {@code config} with defaults filled in, as the kubelet validates it. The input is not changed.
   */
  public static Map<String, Object> apply(Map<String, Object> config, KubeVersion version) {
    Map<String, Object> out = new LinkedHashMap<>(config);
    Map<?, ?> gates = config.get("featureGates") instanceof Map<?, ?> m ? m : Map.of();
    Set<String> done = new HashSet<>();
    for (Row row : ROWS) {
      if (version.minor() < row.since()
          || done.contains(row.path())
          || !when(row.when(), config, gates, version)) {
        continue;
      }
      done.add(row.path());
      if (!needsDefault(row, config.get(row.path()))) {
        continue;
      }
      out.put(
          row.path(),
          row.text().startsWith("@") ? config.get(row.text().substring(1)) : value(row));
    }
    return out;
  }

  /** What defaulting fills into an empty config file of {@code version} (null values left out). */
  public static Map<String, Object> ofEmpty(KubeVersion version) {
    Map<String, Object> out = new LinkedHashMap<>();
    apply(Map.of(), version)
        .forEach(
            (k, v) -> {
              if (v != null) {
                out.put(k, v);
              }
            });
    return out;
  }

  /**
   * Whether defaulting also replaces the field's zero value ("", 0, 0s): the value fields of
   * defaults.go ({@code if obj.X == 0}), not the pointer fields ({@code if obj.X == nil}).
   */
  public static boolean zeroIsDefaulted(String path) {
    return ZERO_DEFAULTED.contains(path);
  }

  private static Set<String> zeroDefaulted() {
    Set<String> out = new HashSet<>();
    for (Row r : ROWS) {
      if (r.zeroToo()) {
        out.add(r.path());
      }
    }
    return Set.copyOf(out);
  }

  private static boolean needsDefault(Row row, Object v) {
    if (v == null) {
      return true;
    }
    if (!row.zeroToo()) {
      return false;
    }
    return (v instanceof String s
            && (s.isEmpty() || (GoDurations.isValid(s) && GoDurations.toNanos(s) == 0)))
        || (v instanceof Long n && n == 0L);
  }

  private static boolean when(
      String cond, Map<String, Object> config, Map<?, ?> gates, KubeVersion v) {
    if ("-".equals(cond)) {
      return true;
    }
    String[] p = cond.split(":", -1);
    return switch (p[0]) {
      case "gate" -> FeatureGates.get().enabled(gates, p[1], v);
      case "set" ->
          config.get(p[1]) != null
              && !needsDefault(new Row(p[1], 0, "", true, "-"), config.get(p[1]));
      case "below" -> !(config.get(p[1]) instanceof Long n) || n < Long.parseLong(p[2]);
      case "atLeast" -> config.get(p[1]) instanceof Long n && n >= Long.parseLong(p[2]);
      default -> throw new IllegalStateException("unknown condition " + cond);
    };
  }

  private static Object value(Row row) {
    KubeletField f = KubeletSchema.get().field(row.path());
    String t = row.text();
    return switch (f.type()) {
      case BOOL -> Boolean.parseBoolean(t);
      case INT32, INT64 -> Long.parseLong(t);
      case FLOAT -> Double.parseDouble(t);
      case STRING_LIST -> List.of(t.substring(1, t.length() - 1).split(","));
      default -> t;
    };
  }

  private static List<Row> load() {
    List<Row> out = new ArrayList<>();
    for (String[] c : Facts.rows("kubelet-defaults.tsv")) {
      if (KubeletSchema.get().field(c[0]) == null) {
        throw new IllegalStateException("kubelet-defaults.tsv: unknown field " + c[0]);
      }
      out.add(new Row(c[0], Facts.minor(c[1], 0), c[2], "zero".equals(c[3]), c[4]));
    }
    return List.copyOf(out);
  }
}
