package dev.kubeharden.kubelet;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one validation run sees: the configuration as written, the same after v1beta1 defaulting,
 * the minor, and where to report. Problems are positioned at the first of a rule's fields that was
 * written.
 */
final class RuleContext {
  static final String VALIDATION_GO = "validation.go ValidateKubeletConfiguration";

  final Map<String, Object> written;
  final Map<String, Object> config;
  final KubeVersion version;
  final Map<?, ?> featureGates;
  private final Function<String, Position> where;
  private final List<Problem> out;

  RuleContext(
      Map<String, Object> written,
      KubeVersion version,
      Function<String, Position> where,
      List<Problem> out) {
    this.written = written;
    this.config = V1beta1Defaults.apply(written, version);
    this.version = version;
    this.featureGates = written.get("featureGates") instanceof Map<?, ?> m ? m : Map.of();
    this.where = where;
    this.out = out;
  }

  boolean from(int minor) {
    return version.minor() >= minor;
  }

  boolean gate(String name) {
    return FeatureGates.get().enabled(featureGates, name, version);
  }

  Object get(String path) {
    return config.get(path);
  }

  boolean isWritten(String path) {
    return written.get(path) != null;
  }

  /** A duration field's value in nanoseconds (0 when unset). */
  long nanos(String path) {
    return config.get(path) instanceof String d && GoDurations.isValid(d)
        ? GoDurations.toNanos(d)
        : 0L;
  }

  /** The value for a message: as written, or marked as the default. */
  String show(String path) {
    Object v = config.get(path);
    String text = v == null ? "unset" : String.valueOf(v);
    return isWritten(path) ? text : text + ", the default";
  }

  /**
   * Records a start-up failure found by {@code source}, at the first written field of {@code
   * paths}.
   */
  void failFrom(String source, String message, String... paths) {
    out.add(
        Problem.error(
            position(paths), message + "; the kubelet refuses to start (" + source + ")"));
  }

  void fail(String message, String... paths) {
    failFrom(VALIDATION_GO, message, paths);
  }

  private Position position(String... paths) {
    for (String p : paths) {
      if (isWritten(p)) {
        return where.apply(p);
      }
    }
    for (String p : paths) {
      for (String w : written.keySet()) {
        if (w.startsWith(p + ".") && isWritten(w)) {
          return where.apply(w);
        }
      }
    }
    return isWritten("featureGates")
        ? where.apply("featureGates")
        : Position.of("(kubelet defaults)");
  }
}
