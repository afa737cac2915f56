package dev.kubeharden.model;

import java.util.List;

/**
 * The diff of one node against the hardened profile.
 *
 * @param inputs the files (or pseudo-sources) read, in precedence order
 * @param notes facts a reader needs (a missing config file, flags that were ignored, ...)
 * @param patch a unified diff from the current config file to the hardened one, or null when not
 *     asked for
 * @param auditor the verdict kube-bench's view gives each CIS control (by id), next to the
 *     effective one in {@code controls}
 * @param startFailures why the kubelet started from these inputs exits (empty when it starts)
 * @param suppressed what the node breaks of the controls exceptions switched off: not drift
 * @param cluster whether this is the report's cluster section (API server flags, audit policy,
 *     namespaces) rather than a node: its findings count, it is not counted as a node
 */
public record NodeDiff(
    String node,
    List<String> inputs,
    List<Finding> findings,
    List<ControlStatus> controls,
    List<String> notes,
    String patch,
    List<String> startFailures,
    java.util.Map<String, ControlStatus.Status> auditor,
    List<SuppressedFinding> suppressed,
    boolean cluster) {

  public NodeDiff {
    startFailures = List.copyOf(startFailures);
    suppressed = List.copyOf(suppressed);
    auditor = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(auditor));
  }

  /** This diff with kube-bench's verdicts and what the switched-off controls would find. */
  public NodeDiff withAudit(
      java.util.Map<String, ControlStatus.Status> auditor, List<SuppressedFinding> suppressed) {
    return new NodeDiff(
        node,
        inputs,
        findings,
        controls,
        notes,
        patch,
        startFailures,
        auditor,
        suppressed,
        cluster);
  }

  /** CIS controls that pass on the node but fail (or cannot be judged) in kube-bench's view. */
  public List<ControlStatus> secureButFailsTheAudit() {
    return controls.stream()
        .filter(
            c ->
                c.status() == ControlStatus.Status.PASS
                    && auditor.containsKey(c.id())
                    && auditor.get(c.id()) != ControlStatus.Status.PASS)
        .toList();
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
