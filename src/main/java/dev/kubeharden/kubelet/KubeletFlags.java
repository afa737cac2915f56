package dev.kubeharden.kubelet;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubelet command-line flags ({@code cmd/kubelet/app/options/options.go}): the few with no
 * KubeletConfiguration twin, which belong in the systemd drop-in, and the deprecated ones that
 * mirror a config field. A flag overrides the config file, so a hardening drop-in never passes a
 * flag that has a twin.
 */
public final class KubeletFlags {

  /** Flags with no config equivalent (KubeletFlags in options.go). */
  public static final Set<String> WITHOUT_TWIN =
      Set.of(
          "config",
          "config-dir",
          "kubeconfig",
          "bootstrap-kubeconfig",
          "cert-dir",
          "hostname-override",
          "node-ip",
          "node-labels",
          "cloud-provider",
          "root-dir",
          "lock-file",
          "exit-on-lock-contention",
          "image-credential-provider-config",
          "image-credential-provider-bin-dir",
          "runtime-cgroups",
          "seccomp-default-profile-dir",
          "v",
          "vmodule");

  /** Flags kubeharden writes itself; profiles may not set them. */
  public static final Set<String> MANAGED = Set.of("config", "config-dir");

  /** Deprecated flags and the config field each one overrides. */
  public static final Map<String, String> TWINS = twins();

  private KubeletFlags() {}

  private static Map<String, String> twins() {
    Map<String, String> m = new TreeMap<>();
    m.put("address", "address");
    m.put("allowed-unsafe-sysctls", "allowedUnsafeSysctls");
    m.put("anonymous-auth", "authentication.anonymous.enabled");
    m.put("authentication-token-webhook", "authentication.webhook.enabled");
    m.put("authentication-token-webhook-cache-ttl", "authentication.webhook.cacheTTL");
    m.put("authorization-mode", "authorization.mode");
    m.put("authorization-webhook-cache-authorized-ttl", "authorization.webhook.cacheAuthorizedTTL");
    m.put(
        "authorization-webhook-cache-unauthorized-ttl",
        "authorization.webhook.cacheUnauthorizedTTL");
    m.put("cgroup-driver", "cgroupDriver");
    m.put("cgroup-root", "cgroupRoot");
    m.put("cgroups-per-qos", "cgroupsPerQOS");
    m.put("client-ca-file", "authentication.x509.clientCAFile");
    m.put("cluster-dns", "clusterDNS");
    m.put("cluster-domain", "clusterDomain");
    m.put("container-log-max-files", "containerLogMaxFiles");
    m.put("container-log-max-size", "containerLogMaxSize");
    m.put("container-runtime-endpoint", "containerRuntimeEndpoint");
    m.put("cpu-manager-policy", "cpuManagerPolicy");
    m.put("enable-controller-attach-detach", "enableControllerAttachDetach");
    m.put("enable-debugging-handlers", "enableDebuggingHandlers");
    m.put("enable-server", "enableServer");
    m.put("enforce-node-allocatable", "enforceNodeAllocatable");
    m.put("event-burst", "eventBurst");
    m.put("event-qps", "eventRecordQPS");
    m.put("eviction-hard", "evictionHard");
    m.put("eviction-soft", "evictionSoft");
    m.put("fail-swap-on", "failSwapOn");
    m.put("feature-gates", "featureGates");
    m.put("file-check-frequency", "fileCheckFrequency");
    m.put("hairpin-mode", "hairpinMode");
    m.put("healthz-bind-address", "healthzBindAddress");
    m.put("healthz-port", "healthzPort");
    m.put("http-check-frequency", "httpCheckFrequency");
    m.put("image-gc-high-threshold", "imageGCHighThresholdPercent");
    m.put("image-gc-low-threshold", "imageGCLowThresholdPercent");
    m.put("kube-api-burst", "kubeAPIBurst");
    m.put("kube-api-qps", "kubeAPIQPS");
    m.put("kube-reserved", "kubeReserved");
    m.put("kube-reserved-cgroup", "kubeReservedCgroup");
    m.put("kubelet-cgroups", "kubeletCgroups");
    m.put("make-iptables-util-chains", "makeIPTablesUtilChains");
    m.put("max-open-files", "maxOpenFiles");
    m.put("max-pods", "maxPods");
    m.put("node-status-update-frequency", "nodeStatusUpdateFrequency");
    m.put("oom-score-adj", "oomScoreAdj");
    m.put("pod-cidr", "podCIDR");
    m.put("pod-manifest-path", "staticPodPath");
    m.put("pod-max-pids", "podPidsLimit");
    m.put("pods-per-core", "podsPerCore");
    m.put("port", "port");
    m.put("protect-kernel-defaults", "protectKernelDefaults");
    m.put("provider-id", "providerID");
    m.put("read-only-port", "readOnlyPort");
    m.put("register-node", "registerNode");
    m.put("register-with-taints", "registerWithTaints");
    m.put("registry-burst", "registryBurst");
    m.put("registry-qps", "registryPullQPS");
    m.put("reserved-cpus", "reservedSystemCPUs");
    m.put("resolv-conf", "resolvConf");
    m.put("rotate-certificates", "rotateCertificates");
    m.put("rotate-server-certificates", "serverTLSBootstrap");
    m.put("runtime-request-timeout", "runtimeRequestTimeout");
    m.put("seccomp-default", "seccompDefault");
    m.put("serialize-image-pulls", "serializeImagePulls");
    m.put("streaming-connection-idle-timeout", "streamingConnectionIdleTimeout");
    m.put("sync-frequency", "syncFrequency");
    m.put("system-cgroups", "systemCgroups");
    m.put("system-reserved", "systemReserved");
    m.put("system-reserved-cgroup", "systemReservedCgroup");
    m.put("tls-cert-file", "tlsCertFile");
    m.put("tls-cipher-suites", "tlsCipherSuites");
    m.put("tls-min-version", "tlsMinVersion");
    m.put("tls-private-key-file", "tlsPrivateKeyFile");
    m.put("volume-plugin-dir", "volumePluginDir");
    m.put("volume-stats-agg-period", "volumeStatsAggPeriod");
    return m;
  }
}
