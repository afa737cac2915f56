package dev.kubeharden.inspect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the kubelet runs with when nothing sets a field: the v1beta1 defaults applied to a config
 * file (pkg/kubelet/apis/config/v1beta1/defaults.go), and the four legacy defaults a kubelet
 * started with flags only (no --config) keeps instead (cmd/kubelet/app/options:
 * applyLegacyDefaults). Fields whose default means "none" (podPidsLimit -1, empty TLS files, Go's
 * cipher list) are left unset.
 */
final class KubeletDefaults {
  /**
   * Fields where the flags-only kubelet differs: anonymous on, webhook authn off, AlwaysAllow, port
   * 10255.
   */
  static final Map<String, Object> LEGACY = legacy();

  static final Map<String, Object> V1BETA1 = v1beta1();

  /** Feature gates whose default matters to controls (featureGates.NAME paths). */
  static final Map<String, Object> GATES =
      Map.of("featureGates.RotateKubeletServerCertificate", true);

  static final Set<String> LEGACY_FIELDS = LEGACY.keySet();

  /**
   * Fields whose zero value in a config file or drop-in means "default": v1beta1 defaulting
   * replaces a zero duration, an empty string or a zero count (kubeadm writes "0s" for many
   * durations). Pointer fields such as eventRecordQPS, healthzPort and readOnlyPort keep an
   * explicit 0.
   */
  static final Set<String> ZERO_MEANS_DEFAULT =
      Set.of(
          "syncFrequency",
          "fileCheckFrequency",
          "httpCheckFrequency",
          "address",
          "port",
          "authentication.webhook.cacheTTL",
          "authorization.mode",
          "authorization.webhook.cacheAuthorizedTTL",
          "authorization.webhook.cacheUnauthorizedTTL",
          "registryBurst",
          "eventBurst",
          "healthzBindAddress",
          "streamingConnectionIdleTimeout",
          "nodeStatusUpdateFrequency",
          "nodeStatusReportFrequency",
          "nodeLeaseDurationSeconds",
          "imageMinimumGCAge",
          "volumeStatsAggPeriod",
          "cgroupDriver",
          "cpuManagerPolicy",
          "memoryManagerPolicy",
          "topologyManagerPolicy",
          "topologyManagerScope",
          "runtimeRequestTimeout",
          "hairpinMode",
          "maxPods",
          "maxOpenFiles",
          "contentType",
          "kubeAPIBurst",
          "evictionPressureTransitionPeriod",
          "containerLogMaxSize",
          "configMapAndSecretChangeDetectionStrategy",
          "containerRuntimeEndpoint");

  private KubeletDefaults() {}

  /** Whether a value read from a file is the zero value that defaulting replaces. */
  static boolean isDefaultedZero(String path, Object value) {
    if (!ZERO_MEANS_DEFAULT.contains(path) || !V1BETA1.containsKey(path)) {
      return false;
    }
    if (value instanceof Long n) {
      return n == 0L;
    }
    if (value instanceof String s) {
      return s.isEmpty()
          || (dev.kubeharden.kubelet.GoDurations.isValid(s)
              && V1BETA1.get(path) instanceof String d
              && dev.kubeharden.kubelet.GoDurations.isValid(d)
              && dev.kubeharden.kubelet.GoDurations.toNanos(s) == 0);
    }
    return false;
  }

  private static Map<String, Object> legacy() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("readOnlyPort", 10255L);
    m.put("authentication.webhook.enabled", false);
    m.put("authentication.anonymous.enabled", true);
    m.put("authorization.mode", "AlwaysAllow");
    return m;
  }

  private static Map<String, Object> v1beta1() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enableServer", true);
    m.put("syncFrequency", "1m0s");
    m.put("fileCheckFrequency", "20s");
    m.put("httpCheckFrequency", "20s");
    m.put("address", "0.0.0.0");
    m.put("port", 10250L);
    m.put("readOnlyPort", 0L);
    m.put("rotateCertificates", false);
    m.put("serverTLSBootstrap", false);
    m.put("authentication.webhook.enabled", true);
    m.put("authentication.webhook.cacheTTL", "2m0s");
    m.put("authentication.anonymous.enabled", false);
    m.put("authorization.mode", "Webhook");
    m.put("authorization.webhook.cacheAuthorizedTTL", "5m0s");
    m.put("authorization.webhook.cacheUnauthorizedTTL", "30s");
    m.put("registryPullQPS", 5L);
    m.put("registryBurst", 10L);
    m.put("eventRecordQPS", 50L);
    m.put("eventBurst", 100L);
    m.put("enableDebuggingHandlers", true);
    m.put("enableContentionProfiling", false);
    m.put("healthzPort", 10248L);
    m.put("healthzBindAddress", "127.0.0.1");
    m.put("oomScoreAdj", -999L);
    m.put("streamingConnectionIdleTimeout", "4h0m0s");
    m.put("nodeStatusUpdateFrequency", "10s");
    m.put("nodeStatusReportFrequency", "5m0s");
    m.put("nodeLeaseDurationSeconds", 40L);
    m.put("imageMinimumGCAge", "2m0s");
    m.put("imageGCHighThresholdPercent", 85L);
    m.put("imageGCLowThresholdPercent", 80L);
    m.put("volumeStatsAggPeriod", "1m0s");
    m.put("cgroupsPerQOS", true);
    m.put("cgroupDriver", "cgroupfs");
    m.put("cpuManagerPolicy", "none");
    m.put("memoryManagerPolicy", "None");
    m.put("topologyManagerPolicy", "none");
    m.put("topologyManagerScope", "container");
    m.put("runtimeRequestTimeout", "2m0s");
    m.put("hairpinMode", "promiscuous-bridge");
    m.put("maxPods", 110L);
    m.put("resolvConf", "/etc/resolv.conf");
    m.put("cpuCFSQuota", true);
    m.put("cpuCFSQuotaPeriod", "100ms");
    m.put("nodeStatusMaxImages", 50L);
    m.put("maxOpenFiles", 1000000L);
    m.put("contentType", "application/vnd.kubernetes.protobuf");
    m.put("kubeAPIQPS", 50L);
    m.put("kubeAPIBurst", 100L);
    m.put("serializeImagePulls", true);
    m.put("evictionPressureTransitionPeriod", "5m0s");
    m.put("enableControllerAttachDetach", true);
    m.put("makeIPTablesUtilChains", true);
    m.put("iptablesMasqueradeBit", 14L);
    m.put("iptablesDropBit", 15L);
    m.put("failSwapOn", true);
    m.put("containerLogMaxSize", "10Mi");
    m.put("containerLogMaxFiles", 5L);
    m.put("configMapAndSecretChangeDetectionStrategy", "Watch");
    m.put("enforceNodeAllocatable", List.of("pods"));
    m.put("enableSystemLogHandler", true);
    m.put("enableProfilingHandler", true);
    m.put("enableDebugFlagsHandler", true);
    m.put("protectKernelDefaults", false);
    m.put("seccompDefault", false);
    m.put("registerNode", true);
    m.put("localStorageCapacityIsolation", true);
    m.put("containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock");
    return m;
  }
}
