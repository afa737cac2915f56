package dev.kubeharden.target;

/** k3s (k3s-io/k3s): see {@link RancherTarget}. */
final class K3sTarget extends RancherTarget {
  @Override
  public String name() {
    return "k3s";
  }

  @Override
  public String title() {
    return "k3s: /etc/rancher/k3s/config.yaml.d drop-in, kubelet.conf.d drop-in, audit and PSA files";
  }

  @Override
  String program() {
    return "k3s";
  }

  @Override
  boolean hasOwnAuditKeys() {
    return false;
  }
}
