package dev.kubeharden.diff.format;

import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import java.util.List;

/**
 * The counts of a diff, added up node by node so that a streamed report can write its summary
 * without holding the nodes: what the formats' heads and {@code --fail-on} need.
 */
public final class DiffTotals {
  /** Severities from the most to the least severe: the order of {@link #bySeverity()}. */
  public static final List<String> SEVERITIES_DESC = List.of("critical", "high", "medium", "low");

  private long nodes;
  private long drifting;
  private long down;
  private long unknown;
  private long findings;
  private long clusterFindings;
  private final long[] bySeverity = new long[SEVERITIES_DESC.size()];
  private long controls;
  private long failing;
  private long skipped;
  private long accepted;
  private long acceptedControls;

  /**
   * "accepted by exception (owner platform-team, ticket SEC-1, expires 2027-01-31; declared by
   * site): reason": how every format but SARIF (which has suppressions) shows an exception in
   * force.
   */
  public static String acceptedBy(dev.kubeharden.model.Disable d) {
    List<String> who = new java.util.ArrayList<>();
    who.add(d.owner() == null ? "no owner" : "owner " + d.owner());
    if (d.ticket() != null) {
      who.add("ticket " + d.ticket());
    }
    who.add(d.expires() == null ? "no expiry" : "expires " + d.expires());
    return "accepted by exception ("
        + String.join(", ", who)
        + "; declared by "
        + d.profile()
        + "): "
        + d.reason().strip().replaceAll("\\s+", " ");
  }

  /** The distinct controls of a node's accepted findings, in order. */
  static List<String> acceptedControls(NodeDiff n) {
    return n.suppressed().stream()
        .map(dev.kubeharden.model.SuppressedFinding::controlId)
        .distinct()
        .toList();
  }

  /** The counts of one node. */
  public static DiffTotals of(NodeDiff n) {
    DiffTotals t = new DiffTotals();
    // The cluster section is not a node: its findings count (and --fail-on sees them), it does not.
    t.nodes = n.cluster() ? 0 : 1;
    t.drifting = n.hasDrift() && !n.cluster() ? 1 : 0;
    t.down = n.kubeletStarts() ? 0 : 1;
    t.unknown = n.isUnknown() ? 1 : 0;
    t.findings = n.findings().size();
    t.clusterFindings = n.cluster() ? n.findings().size() : 0;
    for (Finding f : n.findings()) {
      int i = SEVERITIES_DESC.indexOf(f.severity());
      if (i >= 0) {
        t.bySeverity[i]++;
      }
    }
    t.controls = n.controls().size();
    t.accepted = n.suppressed().size();
    t.acceptedControls = acceptedControls(n).size();
    for (var c : n.controls()) {
      switch (c.status()) {
        case FAIL -> t.failing++;
        case NOT_CHECKED, UNKNOWN -> t.skipped++;
        case PASS -> {}
      }
    }
    return t;
  }

  /** The counts of many nodes. */
  public static DiffTotals of(List<NodeDiff> nodes) {
    DiffTotals t = new DiffTotals();
    nodes.forEach(n -> t.add(of(n)));
    return t;
  }

  /** Adds {@code other}'s counts to these. */
  public void add(DiffTotals other) {
    nodes += other.nodes;
    drifting += other.drifting;
    down += other.down;
    unknown += other.unknown;
    findings += other.findings;
    clusterFindings += other.clusterFindings;
    for (int i = 0; i < bySeverity.length; i++) {
      bySeverity[i] += other.bySeverity[i];
    }
    controls += other.controls;
    failing += other.failing;
    skipped += other.skipped;
    accepted += other.accepted;
    acceptedControls += other.acceptedControls;
  }

  public long nodes() {
    return nodes;
  }

  /** Whether anything drifts: a finding (a node's or the cluster section's) or a kubelet down. */
  public boolean drift() {
    return drifting > 0 || findings > 0;
  }

  /** Nodes with a finding or a kubelet that does not start. */
  public long drifting() {
    return drifting;
  }

  /** Nodes whose kubelet does not start. */
  public long down() {
    return down;
  }

  /** Nodes whose kubelet starts but some of whose controls could not be judged. */
  public long unknown() {
    return unknown;
  }

  public long findings() {
    return findings;
  }

  /** The findings of the cluster section (API server flags, audit policy, namespaces). */
  public long clusterFindings() {
    return clusterFindings;
  }

  /** Findings per severity, in {@link #SEVERITIES_DESC} order. */
  public long[] bySeverity() {
    return bySeverity.clone();
  }

  /** Controls judged, over all nodes (JUnit's test cases). */
  public long controls() {
    return controls;
  }

  /** Controls that fail, over all nodes. */
  public long failing() {
    return failing;
  }

  /**
   * Findings of controls an exception switched off, over all nodes: reported, never drift, never
   * counted by {@link #failsAt}.
   */
  public long accepted() {
    return accepted;
  }

  /** The distinct switched-off controls a node breaks, summed over nodes (JUnit's extra cases). */
  public long acceptedControls() {
    return acceptedControls;
  }

  /** Controls not checked or unknown, over all nodes. */
  public long skipped() {
    return skipped;
  }

  /**
   * Whether the diff fails at {@code severity} (low, medium, high or critical): a finding at or
   * above it, a kubelet that does not start, or a node that cannot be judged (never a pass).
   */
  public boolean failsAt(String severity) {
    if (down > 0 || unknown > 0) {
      return true;
    }
    int upTo = SEVERITIES_DESC.indexOf(severity);
    for (int i = 0; i <= upTo; i++) {
      if (bySeverity[i] > 0) {
        return true;
      }
    }
    return false;
  }
}
