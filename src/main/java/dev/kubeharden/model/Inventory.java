package dev.kubeharden.model;

import java.util.List;
import java.util.Map;

/**
 * A fleet: clusters, each with node pools, as parsed from an {@code Inventory} file. Cluster values
 * already have the inventory's {@code defaults} applied.
 *
 * @param source the inventory file as named on the command line (what errors cite)
 */
public record Inventory(String source, List<Cluster> clusters, List<Wave> waves) {
  public Inventory {
    clusters = List.copyOf(clusters);
    waves = List.copyOf(waves);
  }

  /** An inventory without rollout waves. */
  public Inventory(String source, List<Cluster> clusters) {
    this(source, clusters, List.of());
  }

  /**
   * A rollout wave: the node pools published together in one pull request, in the inventory's order
   * (an earlier wave is merged first).
   *
   * @param pools "cluster/pool" of every pool in the wave
   */
  public record Wave(String name, List<String> pools, Position position) {
    public Wave {
      pools = List.copyOf(pools);
    }
  }

  /**
   * One cluster.
   *
   * @param profiles profile references (names, or paths already resolved against the inventory's
   *     directory)
   * @param variables variable values, defaults overlaid by the cluster's own, each node keeping its
   *     position
   * @param targets the targets emitted for every pool of the cluster (node, kubeadm, rke2, ...)
   * @param exceptions controls switched off for every pool of the cluster: the inventory's
   *     defaults, then the cluster's own
   */
  public record Cluster(
      String name,
      KubeVersion version,
      List<String> profiles,
      Map<String, Node> variables,
      List<NodePool> nodePools,
      List<String> targets,
      List<Disable> exceptions,
      Position position) {
    public Cluster {
      profiles = List.copyOf(profiles);
      nodePools = List.copyOf(nodePools);
      targets = List.copyOf(targets);
      exceptions = List.copyOf(exceptions);
    }
  }

  /**
   * One node pool.
   *
   * @param kubelet the pool's own KubeletConfiguration settings, applied after the profiles
   * @param exceptions controls switched off for this pool only, each with its reason
   */
  public record NodePool(
      String name, List<Setting> kubelet, List<Disable> exceptions, Position position) {
    public NodePool {
      kubelet = List.copyOf(kubelet);
      exceptions = List.copyOf(exceptions);
    }
  }

  public int poolCount() {
    int n = 0;
    for (Cluster c : clusters) {
      n += c.nodePools().size();
    }
    return n;
  }
}
