package dev.kubeharden.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One case (at least) per ported rule, on the flat leaf-path configuration, at minor boundaries.
 */
class KubeletValidatorTest {

  /** Builds a config from alternating path, value pairs. */
  private static Map<String, Object> config(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static List<String> problems(int minor, Object... kv) {
    Map<String, Object> c = config(kv);
    return KubeletValidator.validate(
            c,
            new KubeVersion(minor),
            p -> {
              if (!c.containsKey(p)) {
                throw new AssertionError("position asked for unset field " + p);
              }
              return new Position("f", 1, p.length());
            })
        .stream()
        .map(Problem::message)
        .toList();
  }

  private static void valid(int minor, Object... kv) {
    assertThat(problems(minor, kv)).isEmpty();
  }

  private static void invalid(int minor, String fragment, Object... kv) {
    assertThat(problems(minor, kv)).anySatisfy(m -> assertThat(m).contains(fragment));
  }

  @Test
  void defaultsAloneAreValidInEveryMinor() {
    for (int minor = 29; minor <= 37; minor++) {
      valid(minor);
    }
  }

  @Test
  void systemCgroupsNeedCgroupRoot() {
    invalid(36, "systemCgroups (/system.slice) needs cgroupRoot", "systemCgroups", "/system.slice");
    valid(36, "systemCgroups", "/system.slice", "cgroupRoot", "/");
  }

  @Test
  void imageGcThresholdsSeeDefaults() {
    invalid(
        36,
        "imageGCLowThresholdPercent (90) must be less than imageGCHighThresholdPercent (85, the default)",
        "imageGCLowThresholdPercent",
        90L);
    valid(36, "imageGCLowThresholdPercent", 90L, "imageGCHighThresholdPercent", 95L);
  }

  @Test
  void imageMaximumGcAgeNeedsTheGateUntil130() {
    invalid(
        29,
        "imageMaximumGCAge needs feature gate ImageMaximumGCAge, off by default in Kubernetes 1.29",
        "imageMaximumGCAge",
        "1h");
    valid(29, "imageMaximumGCAge", "1h", "featureGates", Map.of("ImageMaximumGCAge", true));
    valid(30, "imageMaximumGCAge", "1h");
    invalid(
        30,
        "imageMaximumGCAge needs feature gate ImageMaximumGCAge, set to false in featureGates",
        "imageMaximumGCAge",
        "1h",
        "featureGates",
        Map.of("ImageMaximumGCAge", false));
  }

  @Test
  void imageMaximumGcAgeMustExceedTheMinimum() {
    invalid(
        30,
        "imageMaximumGCAge (1m) must be greater than imageMinimumGCAge (2m0s, the default)",
        "imageMaximumGCAge",
        "1m");
    valid(30, "imageMaximumGCAge", "1m", "imageMinimumGCAge", "30s");
  }

  @Test
  void cpuCfsQuotaPeriodNeedsItsGateAndARange() {
    invalid(
        35,
        "cpuCFSQuotaPeriod (50ms) needs feature gate CustomCPUCFSQuotaPeriod",
        "cpuCFSQuotaPeriod",
        "50ms");
    valid(36, "cpuCFSQuotaPeriod", "50ms"); // the gate is GA (on) from 1.36
    valid(36, "cpuCFSQuotaPeriod", "100ms");
    valid(36, "cpuCFSQuotaPeriod", "50ms", "featureGates", Map.of("CustomCPUCFSQuotaPeriod", true));
    invalid(
        36,
        "cpuCFSQuotaPeriod (2s) must be between 1ms and 1s",
        "cpuCFSQuotaPeriod",
        "2s",
        "featureGates",
        Map.of("CustomCPUCFSQuotaPeriod", true));
  }

  @Test
  void parallelImagePullsNeedSerializeImagePullsFalse() {
    invalid(
        36,
        "maxParallelImagePulls (5) cannot be larger than 1 unless serializeImagePulls is false",
        "maxParallelImagePulls",
        5L,
        "serializeImagePulls",
        true);
    valid(36, "maxParallelImagePulls", 5L);
    valid(36, "maxParallelImagePulls", 1L, "serializeImagePulls", true);
  }

  @Test
  void serverTlsBootstrapNeedsRotateKubeletServerCertificate() {
    invalid(
        36,
        "serverTLSBootstrap needs feature gate RotateKubeletServerCertificate",
        "serverTLSBootstrap",
        true,
        "featureGates",
        Map.of("RotateKubeletServerCertificate", false));
    valid(36, "serverTLSBootstrap", true);
  }

  @Test
  void taintsAreValidatedAndTimeAddedIsRefused() {
    invalid(
        36,
        "registerWithTaints: invalid taint",
        "registerWithTaints",
        List.of(Map.of("key", "bad key!", "effect", "NoSchedule")));
    invalid(
        36,
        "taint.timeAdded must not be set",
        "registerWithTaints",
        List.of(Map.of("key", "a", "effect", "NoSchedule", "timeAdded", "2024-01-01T00:00:00Z")));
    valid(
        36,
        "registerWithTaints",
        List.of(Map.of("key", "example.com/a", "value", "b", "effect", "NoSchedule")));
  }

  @Test
  void shutdownGracePeriods() {
    invalid(
        36,
        "shutdownGracePeriodCriticalPods (30s) must be <= shutdownGracePeriod (0s, the default)",
        "shutdownGracePeriodCriticalPods",
        "30s");
    valid(36, "shutdownGracePeriodCriticalPods", "30s", "shutdownGracePeriod", "60s");
    invalid(
        36,
        "shutdownGracePeriod (500ms) must be either zero or otherwise >= 1s",
        "shutdownGracePeriod",
        "500ms");
    invalid(
        36,
        "shutdownGracePeriod needs feature gate GracefulNodeShutdown",
        "shutdownGracePeriod",
        "60s",
        "featureGates",
        Map.of("GracefulNodeShutdown", false));
  }

  @Test
  void shutdownByPodPriorityExcludesTheFlatPeriods() {
    List<Object> byPriority = List.of(Map.of("priority", 0L, "shutdownGracePeriodSeconds", 30L));
    invalid(
        36,
        "cannot specify both shutdownGracePeriodByPodPriority and shutdownGracePeriod",
        "shutdownGracePeriodByPodPriority",
        byPriority,
        "shutdownGracePeriod",
        "60s");
    valid(36, "shutdownGracePeriodByPodPriority", byPriority, "shutdownGracePeriod", "0s");
    invalid(
        36,
        "shutdownGracePeriodByPodPriority needs feature gate GracefulNodeShutdownBasedOnPodPriority",
        "shutdownGracePeriodByPodPriority",
        byPriority,
        "featureGates",
        Map.of("GracefulNodeShutdownBasedOnPodPriority", false));
  }

  @Test
  void swapBehaviourNeedsNodeSwapUntil130AndItsValuesChangeIn130() {
    invalid(
        29,
        "memorySwap.swapBehavior needs feature gate NodeSwap, off by default in Kubernetes 1.29",
        "memorySwap.swapBehavior",
        "LimitedSwap");
    valid(29, "memorySwap.swapBehavior", "UnlimitedSwap", "featureGates", Map.of("NodeSwap", true));
    invalid(
        29,
        "memorySwap.swapBehavior \"NoSwap\" must be one of",
        "memorySwap.swapBehavior",
        "NoSwap",
        "featureGates",
        Map.of("NodeSwap", true));
    valid(30, "memorySwap.swapBehavior", "NoSwap");
    invalid(
        30,
        "memorySwap.swapBehavior \"UnlimitedSwap\" must be one of",
        "memorySwap.swapBehavior",
        "UnlimitedSwap");
  }

  @Test
  void crashLoopBackOffMaxNeedsItsGateAndARange() {
    invalid(
        32,
        "crashLoopBackOff.maxContainerRestartPeriod needs feature gate KubeletCrashLoopBackOffMax",
        "crashLoopBackOff.maxContainerRestartPeriod",
        "30s");
    Map<String, Boolean> on = Map.of("KubeletCrashLoopBackOffMax", true);
    valid(32, "crashLoopBackOff.maxContainerRestartPeriod", "30s", "featureGates", on);
    valid(32, "featureGates", on);
    invalid(
        32,
        "crashLoopBackOff.maxContainerRestartPeriod (10m) must be between 1s and 300s",
        "crashLoopBackOff.maxContainerRestartPeriod",
        "10m",
        "featureGates",
        on);
  }

  @Test
  void enforceNodeAllocatableBefore132() {
    invalid(
        31,
        "enforceNodeAllocatable is not supported unless cgroupsPerQOS is true",
        "cgroupsPerQOS",
        false);
    invalid(
        31,
        "enforceNodeAllocatable is not supported unless cgroupsPerQOS is true",
        "cgroupsPerQOS",
        false,
        "enforceNodeAllocatable",
        List.of("none"));
    invalid(
        31,
        "\"system-reserved-compressible\" is not one of",
        "enforceNodeAllocatable",
        List.of("system-reserved-compressible"),
        "systemReservedCgroup",
        "/system.slice");
    invalid(
        31,
        "systemReservedCgroup must be specified when \"system-reserved\"",
        "enforceNodeAllocatable",
        List.of("pods", "system-reserved"));
    invalid(
        31,
        "may not contain additional enforcements when \"none\"",
        "enforceNodeAllocatable",
        List.of("none", "pods"));
  }

  @Test
  void enforceNodeAllocatableFrom132() {
    valid(32, "cgroupsPerQOS", false, "enforceNodeAllocatable", List.of("none"));
    invalid(32, "cgroupsPerQOS must be true when \"pods\"", "cgroupsPerQOS", false);
    valid(
        32,
        "enforceNodeAllocatable",
        List.of("pods", "system-reserved-compressible"),
        "systemReservedCgroup",
        "/system.slice");
    invalid(
        32,
        "both \"system-reserved\" and \"system-reserved-compressible\" cannot be specified together",
        "enforceNodeAllocatable",
        List.of("system-reserved", "system-reserved-compressible"),
        "systemReservedCgroup",
        "/system.slice");
    invalid(
        32, "duplicated enforcements \"pods\"", "enforceNodeAllocatable", List.of("pods", "pods"));
    invalid(
        32,
        "kubeReservedCgroup must be specified when \"kube-reserved\" or \"kube-reserved-compressible\"",
        "enforceNodeAllocatable",
        List.of("kube-reserved-compressible"));
  }

  @Test
  void imagePullCredentialsVerificationFrom133() {
    invalid(
        33,
        "imagePullCredentialsVerificationPolicy needs feature gate"
            + " KubeletEnsureSecretPulledImages, off by default in Kubernetes 1.33",
        "imagePullCredentialsVerificationPolicy",
        "AlwaysVerify");
    Map<String, Boolean> on = Map.of("KubeletEnsureSecretPulledImages", true);
    valid(33, "imagePullCredentialsVerificationPolicy", "AlwaysVerify", "featureGates", on);
    invalid(
        33,
        "preloadedImagesVerificationAllowlist needs imagePullCredentialsVerificationPolicy"
            + " NeverVerifyAllowlistedImages",
        "preloadedImagesVerificationAllowlist",
        List.of("registry.k8s.io/pause"),
        "featureGates",
        on);
    valid(
        33,
        "preloadedImagesVerificationAllowlist",
        List.of("registry.k8s.io/pause"),
        "imagePullCredentialsVerificationPolicy",
        "NeverVerifyAllowlistedImages",
        "featureGates",
        on);
  }

  @Test
  void reservedSystemCpus() {
    invalid(
        36,
        "reservedSystemCPUs cannot be combined with systemReservedCgroup or kubeReservedCgroup",
        "reservedSystemCPUs",
        "0-1",
        "systemReservedCgroup",
        "/system.slice");
    invalid(36, "reservedSystemCPUs (\"0-x\") is not a CPU set", "reservedSystemCPUs", "0-x");
    valid(36, "reservedSystemCPUs", "0-1,4");
  }

  @Test
  void reservedMemory() {
    invalid(
        36,
        "reservedMemory: the limit type \"cpu\" for NUMA node 0 is not supported",
        "reservedMemory",
        List.of(Map.of("numaNode", 0L, "limits", Map.of("cpu", "1"))));
    invalid(
        36,
        "reservedMemory may not be zero for NUMA node 0 and resource \"memory\"",
        "reservedMemory",
        List.of(Map.of("numaNode", 0L, "limits", Map.of("memory", "0"))));
    invalid(
        36,
        "reservedMemory has a duplicate value for NUMA node 0 and resource \"memory\"",
        "reservedMemory",
        List.of(
            Map.of("numaNode", 0L, "limits", Map.of("memory", "1Gi")),
            Map.of("numaNode", 0L, "limits", Map.of("memory", "2Gi"))));
    valid(
        36,
        "reservedMemory",
        List.of(Map.of("numaNode", 0L, "limits", Map.of("memory", "1Gi", "hugepages-2Mi", "1Gi"))));
  }

  @Test
  void showHiddenMetricsOnlyForThePreviousMinor() {
    valid(36, "showHiddenMetricsForVersion", "1.35");
    invalid(
        36,
        "showHiddenMetricsForVersion must be omitted or have the value '1.35'",
        "showHiddenMetricsForVersion",
        "1.34");
  }

  @Test
  void tracing() {
    invalid(
        36,
        "tracing.samplingRatePerMillion: sampling rate per million must be less than or equal to one million",
        "tracing.samplingRatePerMillion",
        2_000_000L);
    invalid(
        36,
        "tracing.endpoint: unsupported scheme: http",
        "tracing.endpoint",
        "http://collector:4317");
    valid(36, "tracing.endpoint", "collector:4317");
    valid(36, "tracing.endpoint", "unix:///run/otel.sock");
    invalid(
        33,
        "tracing needs feature gate KubeletTracing",
        "tracing.endpoint",
        "collector:4317",
        "featureGates",
        Map.of("KubeletTracing", false));
    // GA and locked from 1.34 (facts/feature-gates.tsv): turning it off is itself refused.
    invalid(
        34,
        "cannot set feature gate KubeletTracing to false, feature is locked to true",
        "tracing.endpoint",
        "collector:4317",
        "featureGates",
        Map.of("KubeletTracing", false));
  }

  @Test
  void featureGateDependenciesFrom135() {
    // GracefulNodeShutdownBasedOnPodPriority (beta, on) depends on GracefulNodeShutdown from 1.35.
    invalid(
        35,
        "GracefulNodeShutdownBasedOnPodPriority is enabled, but depends on features that are disabled:"
            + " [GracefulNodeShutdown]",
        "featureGates",
        Map.of("GracefulNodeShutdown", false));
    valid(34, "featureGates", Map.of("GracefulNodeShutdown", false));
    valid(
        35,
        "featureGates",
        Map.of(
            "GracefulNodeShutdown",
            false,
            "GracefulNodeShutdownBasedOnPodPriority",
            false,
            "WindowsGracefulNodeShutdown",
            false));
  }

  @Test
  void memoryThrottlingFactorAndReservationPolicy() {
    invalid(
        36,
        "memoryThrottlingFactor (1.5) must be greater than 0 and less than or equal to 1.0",
        "memoryThrottlingFactor",
        1.5);
    invalid(
        36,
        "memoryReservationPolicy TieredReservation needs feature gate MemoryQoS",
        "memoryReservationPolicy",
        "TieredReservation");
    valid(
        36,
        "memoryReservationPolicy",
        "TieredReservation",
        "featureGates",
        Map.of("MemoryQoS", true));
  }

  @Test
  void systemLogQuery() {
    invalid(
        35, "enableSystemLogQuery needs feature gate NodeLogQuery", "enableSystemLogQuery", true);
    valid(36, "enableSystemLogQuery", true); // NodeLogQuery is GA (on) from 1.36
    invalid(
        36,
        "enableSystemLogQuery needs enableSystemLogHandler",
        "enableSystemLogQuery",
        true,
        "enableSystemLogHandler",
        false,
        "featureGates",
        Map.of("NodeLogQuery", true));
    valid(36, "enableSystemLogQuery", true, "featureGates", Map.of("NodeLogQuery", true));
  }

  @Test
  void containerLogRulesFrom130() {
    invalid(
        30, "containerLogMonitorInterval (2s) must be >= 3s", "containerLogMonitorInterval", "2s");
    invalid(33, "containerLogMaxFiles (1) must be greater than 1", "containerLogMaxFiles", 1L);
  }

  @Test
  void podLogsDirFrom130() {
    invalid(
        30, "podLogsDir (\"var/log/pods\") must be an absolute path", "podLogsDir", "var/log/pods");
    invalid(
        30,
        "podLogsDir (\"/var/log/../pods\") must be normalized",
        "podLogsDir",
        "/var/log/../pods");
    invalid(
        30,
        "podLogsDir (\"/var/log/pöds\") must contain ASCII characters only",
        "podLogsDir",
        "/var/log/pöds");
    valid(30, "podLogsDir", "/var/log/pods");
  }

  @Test
  void tlsCurvePreferencesFrom136() {
    invalid(
        36,
        "curve preference 99999 is out of range (must be 1-65535)",
        "tlsCurvePreferences",
        List.of(29L, 99999L));
    invalid(36, "duplicate curve preference 29", "tlsCurvePreferences", List.of(29L, 29L));
    invalid(
        36,
        "curve preference 30 is not supported by the Go version",
        "tlsCurvePreferences",
        List.of(30L));
    valid(36, "tlsCurvePreferences", List.of(23L, 29L, 4588L));
  }

  @Test
  void evictionAndReservedResourcesStillChecked() {
    invalid(36, "unknown eviction signal", "evictionHard", Map.of("memory.availble", "100Mi"));
    invalid(36, "unknown resource \"gpu\"", "kubeReserved", Map.of("gpu", "1"));
  }
}
