package dev.kubeharden.model;

import java.util.List;

/**
 * The diff of one or many nodes against one resolved profile. {@code fleet} is true for a directory
 * of nodes.
 */
public record DiffReport(
    String profile,
    KubeVersion version,
    List<Control> controls,
    List<NodeDiff> nodes,
    boolean fleet) {

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
