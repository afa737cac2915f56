package dev.kubeharden.target;

import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.render.ClusterRenderer;
import dev.kubeharden.render.NodePaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kubeadm: the KubeletConfiguration document for "kubeadm init --config" (uploaded to
 * kube-system/kubelet-config, written to every node on join and upgrade), the --patches file, and
 * the ClusterConfiguration apiServer part with the files it mounts.
 */
final class KubeadmTarget implements Target {
  static final String CLUSTER_CONFIGURATION = "kubeadm/clusterconfiguration.yaml";
  static final String AUDIT_POLICY = "kubeadm/etc/kubernetes/audit-policy.yaml";
  static final String ADMISSION = "kubeadm/etc/kubernetes/admission-configuration.yaml";

  @Override
  public String name() {
    return "kubeadm";
  }

  @Override
  public String title() {
    return "kubeadm: KubeletConfiguration for init --config, a --patches file, ClusterConfiguration apiServer";
  }

  @Override
  public List<String> carrierFiles() {
    return List.of(
        NodePaths.KUBEADM_KUBELET_CONFIGURATION,
        NodePaths.KUBEADM_KUBELET_PATCH,
        CLUSTER_CONFIGURATION,
        AUDIT_POLICY,
        ADMISSION);
  }

  @Override
  public Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(
        NodePaths.KUBEADM_KUBELET_CONFIGURATION,
        shared.get(NodePaths.KUBEADM_KUBELET_CONFIGURATION));
    out.put(NodePaths.KUBEADM_KUBELET_PATCH, shared.get(NodePaths.KUBEADM_KUBELET_PATCH));
    out.put(CLUSTER_CONFIGURATION, shared.get(ClusterRenderer.KUBEADM));
    out.put(AUDIT_POLICY, Shared.auditPolicy(shared));
    out.put(ADMISSION, Shared.admission(shared));
    return out;
  }
}
