package dev.kubeharden.render;

/**
 * Where each node file goes, on the node and inside the bundle (the bundle mirrors the node under
 * node/).
 */
public final class NodePaths {
  public static final String KUBELET_CONFIG = "/var/lib/kubelet/config.yaml";
  public static final String CONFIG_DIR = "/etc/kubernetes/kubelet.conf.d";
  public static final String CONFIG_DROPIN = CONFIG_DIR + "/50-kubeharden.conf";
  public static final String SYSTEMD_DROPIN =
      "/etc/systemd/system/kubelet.service.d/20-kubeharden.conf";
  public static final String SYSCTL = "/etc/sysctl.d/90-kubeharden.conf";
  public static final String TMPFILES = "/etc/tmpfiles.d/kubeharden.conf";

  /**
   * The full replacement config.yaml, for nodes whose /var/lib/kubelet/config.yaml is not written
   * by kubeadm. It lives outside node/ so that copying node/ onto a kubeadm node cannot replace the
   * file kubeadm writes per node.
   */
  public static final String STANDALONE_CONFIG = "standalone" + KUBELET_CONFIG;

  /**
   * The KubeletConfiguration document for "kubeadm init --config" (kubeadm uploads it to
   * kube-system/kubelet-config).
   */
  public static final String KUBEADM_KUBELET_CONFIGURATION = "kubeadm/kubelet-configuration.yaml";

  /** The kubeadm --patches target for the kubelet configuration (kubeadm 1.25 and newer). */
  public static final String KUBEADM_KUBELET_PATCH =
      "kubeadm/patches/kubeletconfiguration+strategic.yaml";

  public static final String REPORT_MD = "REPORT.md";
  public static final String REPORT_JSON = "report.json";

  private NodePaths() {}

  public static String inBundle(String nodePath) {
    return "node" + nodePath;
  }
}
