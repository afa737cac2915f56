package dev.kubeharden.kubelet;

import dev.kubeharden.model.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Node allocatable, reserved CPUs and memory, and eviction thresholds, as the kubelet checks them
 * at start-up.
 */
final class AllocatableRules {
  private static final Set<String> EVICTION_SIGNALS =
      Set.of(
          "memory.available",
          "nodefs.available",
          "nodefs.inodesFree",
          "imagefs.available",
          "imagefs.inodesFree",
          "containerfs.available",
          "containerfs.inodesFree",
          "pid.available",
          "allocatableMemory.available");
  private static final Set<String> RESERVABLE = Set.of("cpu", "memory", "ephemeral-storage", "pid");
  private static final Pattern CPU_SET = Pattern.compile("(\\d+(-\\d+)?)(,(\\d+(-\\d+)?))*");
  private static final String ENFORCE = "enforceNodeAllocatable";

  private AllocatableRules() {}

  static void check(RuleContext c) {
    if (c.from(32)) {
      enforcement(c);
    } else {
      enforcementBefore132(c);
    }
    reservedSystemCpus(c);
    reservedMemory(c);
    thresholds(c, "evictionHard");
    thresholds(c, "evictionSoft");
    thresholds(c, "evictionMinimumReclaim");
    softGracePeriods(c);
    reservedResources(c);
  }

  /**
   * validation.go before 1.32: cgroupsPerQOS needed for any enforcement; four values; cgroups for
   * reserved ones.
   */
  private static void enforcementBefore132(RuleContext c) {
    List<String> enforce = strings(c.get(ENFORCE));
    if (Boolean.FALSE.equals(c.get("cgroupsPerQOS")) && !enforce.isEmpty()) {
      c.fail(
          "enforceNodeAllocatable is not supported unless cgroupsPerQOS is true (enforceNodeAllocatable is "
              + c.show(ENFORCE)
              + ")",
          ENFORCE,
          "cgroupsPerQOS");
    }
    List<String> valid = List.of("pods", "system-reserved", "kube-reserved", "none");
    for (String v : enforce) {
      switch (v) {
        case "pods" -> {}
        case "system-reserved" -> needCgroup(c, "systemReservedCgroup", "\"system-reserved\"");
        case "kube-reserved" -> needCgroup(c, "kubeReservedCgroup", "\"kube-reserved\"");
        case "none" -> noneAlone(c, enforce);
        default ->
            c.fail(
                ENFORCE
                    + ": \""
                    + v
                    + "\" is not one of "
                    + String.join(", ", valid)
                    + " in Kubernetes "
                    + c.version
                    + Suggestions.hint(v, valid),
                ENFORCE);
      }
    }
  }

  /**
   * validation.go from 1.32 (kubernetes PR 125982, the -compressible values): X and X-compressible
   * exclude each other, no duplicates, cgroups for reserved ones, and cgroupsPerQOS for every value
   * but "none".
   */
  private static void enforcement(RuleContext c) {
    List<String> enforce = strings(c.get(ENFORCE));
    for (String r : List.of("system-reserved", "kube-reserved")) {
      if (enforce.contains(r) && enforce.contains(r + "-compressible")) {
        c.fail(
            "both \""
                + r
                + "\" and \""
                + r
                + "-compressible\" cannot be specified together in "
                + ENFORCE,
            ENFORCE);
      }
    }
    Set<String> seen = new HashSet<>();
    for (String v : enforce) {
      if (!seen.add(v)) {
        c.fail("duplicated enforcements \"" + v + "\" in " + ENFORCE, ENFORCE);
        continue;
      }
      switch (v) {
        case "pods" -> {}
        case "system-reserved", "system-reserved-compressible" ->
            needCgroup(
                c,
                "systemReservedCgroup",
                "\"system-reserved\" or \"system-reserved-compressible\"");
        case "kube-reserved", "kube-reserved-compressible" ->
            needCgroup(
                c, "kubeReservedCgroup", "\"kube-reserved\" or \"kube-reserved-compressible\"");
        case "none" -> {
          noneAlone(c, enforce);
          continue;
        }
        default -> {
          continue; // the schema's enum reports unknown values
        }
      }
      if (Boolean.FALSE.equals(c.get("cgroupsPerQOS"))) {
        c.fail(
            "cgroupsPerQOS must be true when \""
                + v
                + "\" is in "
                + ENFORCE
                + (c.isWritten(ENFORCE) ? "" : " (the default)"),
            ENFORCE,
            "cgroupsPerQOS");
      }
    }
  }

  private static void needCgroup(RuleContext c, String cgroupField, String values) {
    if (!(c.get(cgroupField) instanceof String s) || s.isEmpty()) {
      c.fail(
          cgroupField
              + " must be specified when "
              + values
              + " is in "
              + ENFORCE
              + " (name an existing cgroup, or enforce \"pods\" only)",
          ENFORCE,
          cgroupField);
    }
  }

  private static void noneAlone(RuleContext c, List<String> enforce) {
    if (enforce.size() > 1) {
      c.fail(
          ENFORCE + " may not contain additional enforcements when \"none\" is specified", ENFORCE);
    }
  }

  /** validation.go: reservedSystemCPUs excludes the reserved cgroups and must parse as a cpuset. */
  private static void reservedSystemCpus(RuleContext c) {
    if (!(c.get("reservedSystemCPUs") instanceof String cpus) || cpus.isEmpty()) {
      return;
    }
    if ((c.get("systemReservedCgroup") instanceof String s && !s.isEmpty())
        || (c.get("kubeReservedCgroup") instanceof String k && !k.isEmpty())) {
      c.fail(
          "reservedSystemCPUs cannot be combined with systemReservedCgroup or kubeReservedCgroup",
          "reservedSystemCPUs");
    }
    if (!CPU_SET.matcher(cpus.replace(" ", "")).matches() || descendingRange(cpus)) {
      c.fail(
          "reservedSystemCPUs (\"" + cpus + "\") is not a CPU set such as \"0-1,4\"",
          "reservedSystemCPUs");
    }
  }

  private static boolean descendingRange(String cpus) {
    for (String part : cpus.replace(" ", "").split(",", -1)) {
      String[] r = part.split("-", -1);
      if (r.length == 2 && Long.parseLong(r[0]) > Long.parseLong(r[1])) {
        return true;
      }
    }
    return false;
  }

  /**
   * validation_reserved_memory.go validateReservedMemoryConfiguration: memory/hugepages only,
   * non-zero, unique.
   */
  private static void reservedMemory(RuleContext c) {
    if (!(c.get("reservedMemory") instanceof List<?> entries)) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (Object e : entries) {
      if (!(e instanceof Map<?, ?> m) || !(m.get("limits") instanceof Map<?, ?> limits)) {
        continue;
      }
      Object numa = m.get("numaNode") == null ? 0L : m.get("numaNode");
      for (Map.Entry<?, ?> l : limits.entrySet()) {
        String name = String.valueOf(l.getKey());
        if (!name.equals("memory") && !name.startsWith("hugepages-")) {
          c.fail(
              "reservedMemory: the limit type \""
                  + name
                  + "\" for NUMA node "
                  + numa
                  + " is not supported, only memory and hugepages-<size>",
              "reservedMemory");
        }
        if (Quantities.isValid(String.valueOf(l.getValue()))
            && isZero(String.valueOf(l.getValue()))) {
          c.fail(
              "reservedMemory may not be zero for NUMA node "
                  + numa
                  + " and resource \""
                  + name
                  + "\"",
              "reservedMemory");
        }
        if (!seen.add(numa + "/" + name)) {
          c.fail(
              "reservedMemory has a duplicate value for NUMA node "
                  + numa
                  + " and resource \""
                  + name
                  + "\"",
              "reservedMemory");
        }
      }
    }
  }

  private static boolean isZero(String quantity) {
    return quantity.replaceAll("[^0-9.]", "").replace(".", "").chars().allMatch(ch -> ch == '0');
  }

  /**
   * cmd/kubelet/app/server.go: eviction thresholds are parsed at start-up
   * (eviction.ParseThresholdConfig).
   */
  private static void thresholds(RuleContext c, String field) {
    if (!(c.get(field) instanceof Map<?, ?> m)) {
      return;
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String signal = String.valueOf(e.getKey());
      if (!EVICTION_SIGNALS.contains(signal)) {
        c.failFrom(
            "server.go ParseThresholdConfig",
            field
                + ": unknown eviction signal \""
                + signal
                + "\""
                + Suggestions.hint(signal, EVICTION_SIGNALS),
            field);
      } else if (!Quantities.isValidThreshold(String.valueOf(e.getValue()))) {
        c.failFrom(
            "server.go ParseThresholdConfig",
            field + "." + signal + ": \"" + e.getValue() + "\" is not a quantity or percentage",
            field);
      }
    }
  }

  private static void softGracePeriods(RuleContext c) {
    if (!(c.get("evictionSoftGracePeriod") instanceof Map<?, ?> m)) {
      return;
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!EVICTION_SIGNALS.contains(String.valueOf(e.getKey()))) {
        c.failFrom(
            "server.go ParseThresholdConfig",
            "evictionSoftGracePeriod: unknown eviction signal " + e.getKey(),
            "evictionSoftGracePeriod");
      } else if (!GoDurations.isValid(String.valueOf(e.getValue()))) {
        c.failFrom(
            "server.go ParseThresholdConfig",
            "evictionSoftGracePeriod."
                + e.getKey()
                + ": \""
                + e.getValue()
                + "\" is not a duration",
            "evictionSoftGracePeriod");
      }
    }
  }

  /**
   * cmd/kubelet/app/server.go parseResourceList: only cpu, memory, ephemeral-storage and pid can be
   * reserved.
   */
  private static void reservedResources(RuleContext c) {
    for (String reserved : List.of("kubeReserved", "systemReserved")) {
      if (c.get(reserved) instanceof Map<?, ?> m) {
        for (Object k : m.keySet()) {
          String key = String.valueOf(k);
          if (!RESERVABLE.contains(key)) {
            c.failFrom(
                "server.go parseResourceList",
                reserved
                    + ": unknown resource \""
                    + key
                    + "\" (cpu, memory, ephemeral-storage, pid)",
                reserved);
          }
        }
      }
    }
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(o -> out.add(String.valueOf(o)));
    }
    return out;
  }
}
