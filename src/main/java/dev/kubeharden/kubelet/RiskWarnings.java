package dev.kubeharden.kubelet;

import dev.kubeharden.model.KubeVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings that are valid but can break a cluster or mislead an auditor (DOMAIN section 4), as
 * report warnings.
 */
public final class RiskWarnings {
  private RiskWarnings() {}

  public static List<String> of(Map<String, Object> c, KubeVersion v) {
    List<String> out = new ArrayList<>();
    if (c.get("address") instanceof String a && IpAddresses.isLoopback(a)) {
      out.add(
          "address "
              + a
              + ": the API server can no longer reach this kubelet on <node IP>:10250, so kubectl logs,"
              + " exec, attach, port-forward and metrics break; only for standalone nodes");
    }
    if (Boolean.TRUE.equals(c.get("serverTLSBootstrap"))) {
      out.add(
          "serverTLSBootstrap: true: serving-certificate CSRs stay Pending until something approves them"
              + " (kubectl certificate approve, or an approver such as kubelet-csr-approver); until then exec, logs"
              + " and metrics fail");
    }
    if (Boolean.TRUE.equals(c.get("protectKernelDefaults"))) {
      out.add(
          "protectKernelDefaults: true: the kubelet refuses to start unless the kernel sysctls match its"
              + " expectations; apply node/etc/sysctl.d/90-kubeharden.conf (sysctl --system) before restarting it");
    }
    if (Boolean.TRUE.equals(c.get("seccompDefault"))) {
      out.add(
          "seccompDefault: true: containers without a seccomp profile get RuntimeDefault, which blocks syscalls"
              + " some debuggers, profilers and eBPF agents need; give those pods an explicit profile");
    }
    if (TlsVersion.VERSION_TLS13.wireName().equals(c.get("tlsMinVersion"))) {
      out.add(
          "tlsMinVersion VersionTLS13: clients limited to TLS 1.2 (older Prometheus, metrics agents, proxies) can"
              + " no longer connect to the kubelet; tlsCipherSuites is ignored under TLS 1.3");
    }
    if (c.get("tlsCertFile") != null || c.get("tlsPrivateKeyFile") != null) {
      out.add(
          "tlsCertFile/tlsPrivateKeyFile: the kubelet does not start if "
              + c.get("tlsCertFile")
              + " or "
              + c.get("tlsPrivateKeyFile")
              + " is missing; provision them before applying (the kubelet only"
              + " creates a self-signed pair when both fields are empty)");
    }
    if (Long.valueOf(0).equals(c.get("readOnlyPort"))) {
      out.add(
          "readOnlyPort 0: agents that still scrape the unauthenticated port 10255 (old Heapster, metrics-server"
              + " before 0.3, some Datadog and New Relic agent settings) must move to 10250 with a token that has"
              + " get on nodes/metrics and nodes/stats");
    }
    if (Boolean.FALSE.equals(c.get("authentication.anonymous.enabled"))
        && AuthorizationMode.WEBHOOK.wireName().equals(c.get("authorization.mode"))) {
      out.add(
          "anonymous auth off and Webhook authorization: monitoring must authenticate and needs RBAC on"
              + " nodes/metrics and nodes/stats (not nodes/proxy)");
    }
    if (c.get("eventRecordQPS") instanceof Long q && q > 0 && q < 5) {
      out.add(
          "eventRecordQPS "
              + q
              + " throttles event capture (0 means unlimited); the CIS intent is to keep events");
    }
    if (c.containsKey("streamingConnectionIdleTimeout") && v.minor() >= 34) {
      out.add(
          "streamingConnectionIdleTimeout has no effect from Kubernetes 1.34; it is kept for compliance checkers"
              + " only");
    }
    if (c.get("tlsCipherSuites") instanceof List<?> suites) {
      for (Object s : suites) {
        if (CipherSuites.isInsecure(String.valueOf(s))) {
          out.add(
              "tlsCipherSuites: "
                  + s
                  + " is accepted but insecure (RSA key exchange, RC4, 3DES or CBC-SHA256)");
        }
      }
    }
    if (c.get("enforceNodeAllocatable") instanceof List<?> e
        && (c.containsKey("kubeReserved") || c.containsKey("systemReserved"))
        && e.equals(List.of("pods"))) {
      out.add(
          "kubeReserved/systemReserved lower the node's allocatable resources; with enforceNodeAllocatable [pods]"
              + " only pods are limited (no kube-reserved or system-reserved cgroup needs to exist)");
    }
    return out;
  }
}
