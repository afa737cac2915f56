package dev.kubeharden.target;

import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.render.KubeletYaml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon EKS on AL2023: a nodeadm NodeConfig (node.eks.aws/v1alpha1) whose spec.kubelet.config
 * nodeadm writes to /etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf, and the same as a MIME
 * part for EC2 user data. nodeadm merges the NodeConfig documents of all parts; a list replaces
 * nodeadm's own default (awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go).
 */
final class EksTarget implements Target {
  static final String NODE_CONFIG = "eks/nodeconfig.yaml";
  static final String USER_DATA = "eks/user-data.mime";
  private static final String BOUNDARY = "KUBEHARDEN";

  @Override
  public String name() {
    return "eks";
  }

  @Override
  public String title() {
    return "Amazon EKS AL2023 nodeadm: NodeConfig spec.kubelet.config, as YAML and as a user-data MIME part";
  }

  @Override
  public List<String> carrierFiles() {
    return List.of(NODE_CONFIG, USER_DATA);
  }

  @Override
  public Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared) {
    String doc =
        "apiVersion: node.eks.aws/v1alpha1\n"
            + "kind: NodeConfig\n"
            + "spec:\n"
            + "  kubelet:\n"
            + "    config:\n"
            + KubeletYaml.of(configCarried(hardening), 6, false);
    Map<String, String> out = new LinkedHashMap<>();
    out.put(
        NODE_CONFIG,
        Shared.header("#", rp, "nodeadm NodeConfig with the kubelet hardening")
            + "# Merge it into the node group's user data (see user-data.mime). Lists (tlsCipherSuites) replace\n"
            + "# nodeadm's defaults; nodeadm keeps setting clusterDNS, the TLS bootstrap and the cloud provider.\n"
            + doc);
    out.put(
        USER_DATA,
        "MIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\""
            + BOUNDARY
            + "\"\n\n"
            + "--"
            + BOUNDARY
            + "\n"
            + "Content-Type: application/node.eks.aws\n\n"
            + "---\n"
            + doc
            + "\n--"
            + BOUNDARY
            + "--\n");
    return out;
  }

  @Override
  public Object kubeletIn(String path, Map<String, Object> doc) {
    return Shared.at(doc, "spec", "kubelet", "config");
  }
}
