package dev.kubeharden.model;

import java.util.List;

/**
 * The diff of one node against the hardened profile.
 *
 * @param inputs the files (or pseudo-sources) read, in precedence order
 * @param notes facts a reader needs (a missing config file, flags that were ignored, ...)
 * @param patch a unified diff from the current config file to the hardened one, or null when not
 *     asked for
 * @param startFailures why the kubelet started from these inputs exits (empty when it starts)
 */
public record NodeDiff(
    String node,
    List<String> inputs,
    List<Finding> findings,
    List<ControlStatus> controls,
    List<String> notes,
    String patch,
    List<String> startFailures) {

  public NodeDiff {
    startFailures = List.copyOf(startFailures);
  }

  /** Drift: a finding, or a kubelet that does not start at all. */
  public boolean hasDrift() {
    return !findings.isEmpty() || !startFailures.isEmpty();
  }

  /** A node whose kubelet starts but whose controls could not be judged: neither pass nor fail. */
  public boolean isUnknown() {
    return kubeletStarts()
        && controls.stream().anyMatch(c -> c.status() == ControlStatus.Status.UNKNOWN);
  }

  public boolean kubeletStarts() {
    return startFailures.isEmpty();
  }

  public List<ControlStatus> withStatus(ControlStatus.Status s) {
    return controls.stream().filter(c -> c.status() == s).toList();
  }
}
