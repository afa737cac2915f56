package dev.kubeharden.diff.format;

import dev.kubeharden.model.ControlStatus;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.SuppressedFinding;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented JSON form of a diff (schema {@code kubeharden.dev/diff/v1}; see README "diff").
 */
public final class DiffJson implements DiffFormat {
  public static final String SCHEMA = "kubeharden.dev/diff/v1";

  /** The top-level arrays a node adds to, in document order. */
  private static final List<String> ARRAYS =
      List.of("findings", "passing", "notChecked", "nodes", "accepted");

  DiffJson() {}

  @Override
  public int sections() {
    return ARRAYS.size();
  }

  @Override
  public String separator() {
    return ",\n";
  }

  @Override
  public List<String> fragments(NodeDiff n) {
    List<Object> findings = new ArrayList<>();
    List<Object> passing = new ArrayList<>();
    List<Object> notChecked = new ArrayList<>();
    n.findings().forEach(f -> findings.add(finding(n.node(), f)));
    n.withStatus(ControlStatus.Status.PASS).forEach(c -> passing.add(control(n.node(), c)));
    n.withStatus(ControlStatus.Status.NOT_CHECKED)
        .forEach(c -> notChecked.add(control(n.node(), c)));
    List<Object> accepted = new ArrayList<>();
    n.suppressed().forEach(s -> accepted.add(accepted(n.node(), s)));
    return List.of(
        JsonFrame.elements(findings, 2),
        JsonFrame.elements(passing, 2),
        JsonFrame.elements(notChecked, 2),
        JsonFrame.elements(List.of(node(n)), 2),
        JsonFrame.elements(accepted, 2));
  }

  @Override
  public void document(DiffHead head, DiffTotals totals, Sections sections, Writer out)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("profile", head.profile());
    m.put("kubernetesVersion", head.version());
    m.put("drift", totals.drift());
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("nodes", totals.nodes());
    s.put("driftingNodes", totals.drifting());
    s.put("findings", totals.findings());
    Map<String, Object> bySeverity = new LinkedHashMap<>();
    long[] counts = totals.bySeverity();
    for (int i = 0; i < DiffTotals.SEVERITIES_DESC.size(); i++) {
      bySeverity.put(DiffTotals.SEVERITIES_DESC.get(i), counts[i]);
    }
    s.put("bySeverity", bySeverity);
    s.put("clusterFindings", totals.clusterFindings());
    s.put("accepted", totals.accepted());
    m.put("summary", s);
    for (int i = 0; i < ARRAYS.size(); i++) {
      m.put(ARRAYS.get(i), JsonFrame.slot(i));
    }
    JsonFrame.write(m, ARRAYS.size(), 2, sections, out);
  }

  private static Map<String, Object> finding(String node, Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", node);
    m.put("controls", f.controls());
    m.put("field", f.field());
    m.put("kind", f.isFlag() ? "flag" : "field");
    m.put("current", f.current());
    m.put("source", f.source().label());
    m.put("location", location(f.position()));
    m.put("hardened", f.hardened());
    m.put("requirements", f.requirements());
    m.put("severity", f.severity());
    m.put("fixedBy", f.fixedBy());
    m.put("action", f.action());
    return m;
  }

  /**
   * Where the value was set, or null when no file sets it (defaults, a field configz does not
   * show).
   */
  private static Map<String, Object> location(Position p) {
    if (!p.hasLine()) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", p.source());
    m.put("line", (long) p.line());
    m.put("column", (long) p.column());
    return m;
  }

  /** A finding of a control an exception switched off, with the exception: not drift. */
  private static Map<String, Object> accepted(String node, SuppressedFinding s) {
    Finding f = s.finding();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", node);
    m.put("control", s.controlId());
    m.put("field", f.field());
    m.put("current", f.current());
    m.put("source", f.source().label());
    m.put("location", location(f.position()));
    m.put("severity", f.severity());
    Disable d = s.exception();
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("reason", d.reason().strip().replaceAll("\\s+", " "));
    e.put("owner", d.owner());
    e.put("ticket", d.ticket());
    e.put("expires", d.expires() == null ? null : d.expires().toString());
    e.put("declaredBy", d.profile());
    m.put("exception", e);
    return m;
  }

  private static Map<String, Object> control(String node, ControlStatus c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", node);
    m.put("id", c.id());
    m.put("title", c.title());
    m.put("severity", c.severity());
    m.put("checks", c.checks());
    if (c.reason() != null) {
      m.put("reason", c.reason());
    }
    return m;
  }

  /** pass | fail | notChecked | unknown. */
  private static String verdict(ControlStatus.Status s) {
    return switch (s) {
      case PASS -> "pass";
      case FAIL -> "fail";
      case NOT_CHECKED -> "notChecked";
      case UNKNOWN -> "unknown";
    };
  }

  private static Map<String, Object> node(NodeDiff n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", n.node());
    m.put("kind", n.cluster() ? "cluster" : "node");
    m.put("drift", n.hasDrift());
    m.put("findings", (long) n.findings().size());
    m.put("passing", (long) n.withStatus(ControlStatus.Status.PASS).size());
    m.put("failing", (long) n.withStatus(ControlStatus.Status.FAIL).size());
    m.put("notChecked", (long) n.withStatus(ControlStatus.Status.NOT_CHECKED).size());
    m.put("unknown", (long) n.withStatus(ControlStatus.Status.UNKNOWN).size());
    m.put("kubeletStarts", n.kubeletStarts());
    m.put("startFailures", n.startFailures());
    List<Object> verdicts = new ArrayList<>();
    for (ControlStatus c : n.controls()) {
      if (n.auditor().containsKey(c.id())) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("effective", verdict(c.status()));
        v.put("auditor", verdict(n.auditor().get(c.id())));
        verdicts.add(v);
      }
    }
    m.put("cisVerdicts", verdicts);
    m.put("inputs", n.inputs());
    m.put("notes", n.notes());
    if (n.patch() != null) {
      m.put("patch", n.patch());
    }
    return m;
  }
}
