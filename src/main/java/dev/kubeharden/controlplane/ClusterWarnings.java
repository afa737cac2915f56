package dev.kubeharden.controlplane;

import dev.kubeharden.model.ClusterSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Control-plane and cluster settings that are valid but can break a cluster (DOMAIN section 4), as
 * warnings.
 */
public final class ClusterWarnings {
  private ClusterWarnings() {}

  public static List<String> of(ClusterSettings c) {
    List<String> out = new ArrayList<>();
    if (c.kubeletCertificateAuthority() != null) {
      out.add(
          "--kubelet-certificate-authority: the API server now verifies kubelet serving certificates; while"
              + " kubelets serve self-signed certificates (no serverTLSBootstrap with an approver), kubectl exec, logs"
              + " and port-forward fail (\"x509: cannot validate certificate ... doesn't contain any IP SANs\")");
    }
    if ("latest".equals(c.psaVersion())) {
      out.add(
          "Pod Security version latest: the policy silently tightens on every upgrade; pin it to the cluster"
              + " minor");
    }
    if ("restricted".equals(c.psaEnforce()) && c.exemptNamespaces().isEmpty()) {
      out.add(
          "Pod Security: cluster-wide enforce restricted without exempt namespaces breaks CNI, ingress and"
              + " system namespaces");
    }
    return out;
  }
}
