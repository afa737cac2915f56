package dev.kubeharden.model;

import java.util.List;

/**
 * The diff of one or many nodes against one resolved profile. {@code fleet} is true for a directory
 * of nodes; {@code attested} says which settings the node's distro (diff --target) attests instead.
 */
public record DiffReport(
    String profile,
    KubeVersion version,
    List<Control> controls,
    List<NodeDiff> nodes,
    boolean fleet,
    List<String> attested) {

  public DiffReport {
    attested = List.copyOf(attested);
  }

  public boolean hasDrift() {
    return nodes.stream().anyMatch(NodeDiff::hasDrift);
  }

  public int findingCount() {
    return nodes.stream().mapToInt(n -> n.findings().size()).sum();
  }

  public long driftingNodes() {
    return nodes.stream().filter(NodeDiff::hasDrift).count();
  }
}
