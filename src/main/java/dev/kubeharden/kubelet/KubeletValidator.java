package dev.kubeharden.kubelet;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Cross-field rules the kubelet applies at start-up (pkg/kubelet/apis/config/validation/validation.go), run on a
 * final flat configuration. Per-field rules (types, ranges, enums) are applied when values are read.
 */
public final class KubeletValidator {
  private static final Set<String> EVICTION_SIGNALS =
      Set.of(
          "memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree",
          "containerfs.available", "containerfs.inodesFree", "pid.available", "allocatableMemory.available");
  private static final Set<String> RESERVABLE = Set.of("cpu", "memory", "ephemeral-storage", "pid");
  /** Feature gates removed from the kubelet; setting one stops it ("unrecognized feature gate"). */
  private static final Map<String, Integer> REMOVED_GATES =
      Map.of(
          "DynamicKubeletConfig", 26,
          "PodSecurity", 28,
          "SeccompDefault", 30,
          "KubeletPodResources", 28,
          "CSIMigration", 27,
          "RotateKubeletClientCertificate", 20);

  private KubeletValidator() {}

  /** Validates {@code config} (leaf path to value) for a minor; {@code where} gives each path's position. */
  public static List<Problem> validate(
      Map<String, Object> config, KubeVersion version, Function<String, Position> where) {
    List<Problem> out = new ArrayList<>();
    Object high = config.getOrDefault("imageGCHighThresholdPercent", 85L);
    Object low = config.getOrDefault("imageGCLowThresholdPercent", 80L);
    if (high instanceof Long h && low instanceof Long l && l >= h) {
      out.add(
          Problem.error(
              where.apply("imageGCLowThresholdPercent"),
              "imageGCLowThresholdPercent (" + l + ") must be less than imageGCHighThresholdPercent (" + h + ")"));
    }
    if (config.get("enforceNodeAllocatable") instanceof List<?> enforce) {
      if (enforce.contains("none") && enforce.size() > 1) {
        out.add(
            Problem.error(
                where.apply("enforceNodeAllocatable"),
                "enforceNodeAllocatable: \"none\" cannot be combined with other values"));
      }
      requireCgroup(config, enforce, "system-reserved", "systemReservedCgroup", where, out);
      requireCgroup(config, enforce, "system-reserved-compressible", "systemReservedCgroup", where, out);
      requireCgroup(config, enforce, "kube-reserved", "kubeReservedCgroup", where, out);
      requireCgroup(config, enforce, "kube-reserved-compressible", "kubeReservedCgroup", where, out);
    }
    if (Boolean.TRUE.equals(config.get("enableSystemLogQuery"))) {
      if (!gate(config, "NodeLogQuery")) {
        out.add(
            Problem.error(
                where.apply("enableSystemLogQuery"),
                "enableSystemLogQuery needs featureGates.NodeLogQuery: true"));
      }
      if (Boolean.FALSE.equals(config.get("enableSystemLogHandler"))) {
        out.add(
            Problem.error(
                where.apply("enableSystemLogQuery"),
                "enableSystemLogQuery needs enableSystemLogHandler: true"));
      }
    }
    if (Boolean.TRUE.equals(config.get("serverTLSBootstrap"))
        && config.get("featureGates") instanceof Map<?, ?> gates
        && Boolean.FALSE.equals(gates.get("RotateKubeletServerCertificate"))) {
      out.add(
          Problem.error(
              where.apply("serverTLSBootstrap"),
              "serverTLSBootstrap needs the RotateKubeletServerCertificate feature gate"));
    }
    if (config.get("featureGates") instanceof Map<?, ?> gates) {
      for (Object name : gates.keySet()) {
        Integer removedIn = REMOVED_GATES.get(String.valueOf(name));
        if (removedIn != null && version.minor() >= removedIn) {
          out.add(
              Problem.error(
                  where.apply("featureGates"),
                  "feature gate " + name + " was removed in Kubernetes 1." + removedIn
                      + "; the kubelet refuses to start with it"));
        }
      }
    }
    checkThresholds(config, "evictionHard", where, out);
    checkThresholds(config, "evictionSoft", where, out);
    checkThresholds(config, "evictionMinimumReclaim", where, out);
    if (config.get("evictionSoftGracePeriod") instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!EVICTION_SIGNALS.contains(String.valueOf(e.getKey()))) {
          out.add(Problem.error(where.apply("evictionSoftGracePeriod"), "unknown eviction signal " + e.getKey()));
        } else if (!GoDurations.isValid(String.valueOf(e.getValue()))) {
          out.add(
              Problem.error(
                  where.apply("evictionSoftGracePeriod"),
                  "evictionSoftGracePeriod." + e.getKey() + ": \"" + e.getValue() + "\" is not a duration"));
        }
      }
    }
    for (String reserved : List.of("kubeReserved", "systemReserved")) {
      if (config.get(reserved) instanceof Map<?, ?> m) {
        for (Object k : m.keySet()) {
          String key = String.valueOf(k);
          if (!RESERVABLE.contains(key) && !key.startsWith("hugepages-")) {
            out.add(
                Problem.error(
                    where.apply(reserved),
                    reserved + ": unknown resource \"" + key + "\" (cpu, memory, ephemeral-storage, pid)"));
          }
        }
      }
    }
    if (config.get("shutdownGracePeriod") instanceof String total
        && config.get("shutdownGracePeriodCriticalPods") instanceof String critical
        && GoDurations.toNanos(critical) > GoDurations.toNanos(total)) {
      out.add(
          Problem.error(
              where.apply("shutdownGracePeriodCriticalPods"),
              "shutdownGracePeriodCriticalPods must not exceed shutdownGracePeriod"));
    }
    if (config.containsKey("shutdownGracePeriodByPodPriority")
        && (config.containsKey("shutdownGracePeriod") || config.containsKey("shutdownGracePeriodCriticalPods"))) {
      out.add(
          Problem.error(
              where.apply("shutdownGracePeriodByPodPriority"),
              "shutdownGracePeriodByPodPriority cannot be combined with shutdownGracePeriod or"
                  + " shutdownGracePeriodCriticalPods"));
    }
    if (config.get("memoryThrottlingFactor") instanceof Double f && (f <= 0 || f > 1)) {
      out.add(
          Problem.error(
              where.apply("memoryThrottlingFactor"), "memoryThrottlingFactor must be above 0 and at most 1"));
    }
    if (config.get("iptablesMasqueradeBit") instanceof Long m
        && config.get("iptablesDropBit") instanceof Long d
        && m.equals(d)) {
      out.add(
          Problem.error(
              where.apply("iptablesDropBit"), "iptablesMasqueradeBit and iptablesDropBit must differ"));
    }
    return out;
  }

  private static boolean gate(Map<String, Object> config, String name) {
    return config.get("featureGates") instanceof Map<?, ?> g && Boolean.TRUE.equals(g.get(name));
  }

  private static void requireCgroup(
      Map<String, Object> config,
      List<?> enforce,
      String value,
      String cgroupField,
      Function<String, Position> where,
      List<Problem> out) {
    if (enforce.contains(value)
        && (!(config.get(cgroupField) instanceof String s) || s.isEmpty())) {
      out.add(
          Problem.error(
              where.apply("enforceNodeAllocatable"),
              "enforceNodeAllocatable \"" + value + "\" needs " + cgroupField
                  + " (an existing cgroup), or the kubelet refuses to start; enforce \"pods\" only"));
    }
  }

  private static void checkThresholds(
      Map<String, Object> config, String field, Function<String, Position> where, List<Problem> out) {
    if (config.get(field) instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!EVICTION_SIGNALS.contains(String.valueOf(e.getKey()))) {
          out.add(
              Problem.error(
                  where.apply(field),
                  field + ": unknown eviction signal \"" + e.getKey() + "\""
                      + dev.kubeharden.model.Suggestions.hint(String.valueOf(e.getKey()), EVICTION_SIGNALS)));
        } else if (!Quantities.isValidThreshold(String.valueOf(e.getValue()))) {
          out.add(
              Problem.error(
                  where.apply(field),
                  field + "." + e.getKey() + ": \"" + e.getValue() + "\" is not a quantity or percentage"));
        }
      }
    }
  }
}
