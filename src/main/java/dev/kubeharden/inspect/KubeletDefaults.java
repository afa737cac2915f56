package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.GoDurations;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.V1beta1Defaults;
import dev.kubeharden.model.KubeVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the kubelet runs with when nothing sets a field: the v1beta1 defaults of that minor
 * (kubeharden/facts/kubelet-defaults.tsv, read by {@link V1beta1Defaults}), the Go zero value of
 * the value fields defaults.go leaves alone, and the four legacy defaults a kubelet started with
 * flags only (no --config) keeps instead (cmd/kubelet/app/options: applyLegacyDefaults).
 */
final class KubeletDefaults {
  /**
   * Fields where the flags-only kubelet differs: anonymous on, webhook authn off, AlwaysAllow, port
   * 10255 (cmd/kubelet/app/options/options.go applyLegacyDefaults).
   */
  static final Map<String, Object> LEGACY =
      Map.of(
          "readOnlyPort",
          10255L,
          "authentication.webhook.enabled",
          false,
          "authentication.anonymous.enabled",
          true,
          "authorization.mode",
          "AlwaysAllow");

  /** Feature gates whose default matters to controls (featureGates.NAME paths). */
  static final Map<String, Object> GATES =
      Map.of("featureGates.RotateKubeletServerCertificate", true);

  /**
   * Pointer fields (staging/src/k8s.io/kubelet/config/v1beta1/types.go) that defaults.go leaves nil
   * and the kubelet decides later: they stay unset rather than Go's zero value.
   */
  private static final Set<String> NIL_POINTERS =
      Set.of("singleProcessOOMKill", "podPidsLimit", "maxParallelImagePulls");

  /** {@link #v1beta1} by minor: the same for every node of a fleet. */
  private static final Map<Integer, Map<String, Object>> BY_MINOR = new ConcurrentHashMap<>();

  private KubeletDefaults() {}

  /**
   * The effective value of every field a config file of {@code version} leaves out (unmodifiable,
   * in schema order).
   */
  static Map<String, Object> v1beta1(KubeVersion version) {
    return BY_MINOR.computeIfAbsent(version.minor(), m -> compute(version));
  }

  private static Map<String, Object> compute(KubeVersion version) {
    Map<String, Object> m = new LinkedHashMap<>(V1beta1Defaults.ofEmpty(version));
    // An empty tlsMinVersion is TLS 1.2: component-base cli/flag TLSVersion("") returns
    // DefaultTLSVersion(), tls.VersionTLS12, which the kubelet's serving TLS config uses.
    m.putIfAbsent("tlsMinVersion", "VersionTLS12");
    for (KubeletField f : KubeletSchema.get().leaves()) {
      String p = f.path();
      if (p.contains(".") || p.contains("[") || NIL_POINTERS.contains(p) || m.containsKey(p)) {
        continue;
      }
      if (!f.availableIn(version)) {
        continue;
      }
      // A value field defaults.go does not set keeps Go's zero value (readOnlyPort 0, ...).
      if (f.type() == FieldType.BOOL) {
        m.put(p, false);
      } else if (f.type() == FieldType.INT32 || f.type() == FieldType.INT64) {
        m.put(p, 0L);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * Whether a value read from a file is the zero value that defaulting replaces (kubeadm writes
   * "0s" for many durations): value fields only; pointer fields such as eventRecordQPS, healthzPort
   * and readOnlyPort keep an explicit 0.
   */
  static boolean isDefaultedZero(String path, Object value) {
    if (!V1beta1Defaults.zeroIsDefaulted(path)) {
      return false;
    }
    if (value instanceof Long n) {
      return n == 0L;
    }
    if (value instanceof String s) {
      return s.isEmpty() || (GoDurations.isValid(s) && GoDurations.toNanos(s) == 0);
    }
    return false;
  }
}
