package dev.kubeharden.target;

/** RKE2 (rancher/rke2): see {@link RancherTarget}. */
final class Rke2Target extends RancherTarget {
  @Override
  public String name() {
    return "rke2";
  }

  @Override
  public String title() {
    return "RKE2: /etc/rancher/rke2/config.yaml.d drop-in, kubelet.conf.d drop-in, audit and PSA files";
  }

  @Override
  String program() {
    return "rke2";
  }

  @Override
  boolean hasOwnAuditKeys() {
    return true;
  }
}
