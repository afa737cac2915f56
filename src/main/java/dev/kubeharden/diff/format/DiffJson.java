package dev.kubeharden.diff.format;

import dev.kubeharden.model.ControlStatus;
import dev.kubeharden.model.DiffReport;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Position;
import dev.kubeharden.render.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented JSON form of a diff (schema {@code kubeharden.dev/diff/v1}; see README "diff").
 */
public final class DiffJson {
  public static final String SCHEMA = "kubeharden.dev/diff/v1";

  private DiffJson() {}

  public static String render(DiffReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("profile", r.profile());
    m.put("kubernetesVersion", r.version().toString());
    m.put("drift", r.hasDrift());
    m.put("summary", summary(r));
    List<Object> findings = new ArrayList<>();
    List<Object> passing = new ArrayList<>();
    List<Object> notChecked = new ArrayList<>();
    List<Object> nodes = new ArrayList<>();
    for (NodeDiff n : r.nodes()) {
      n.findings().forEach(f -> findings.add(finding(n.node(), f)));
      n.withStatus(ControlStatus.Status.PASS).forEach(c -> passing.add(control(n.node(), c)));
      n.withStatus(ControlStatus.Status.NOT_CHECKED)
          .forEach(c -> notChecked.add(control(n.node(), c)));
      nodes.add(node(n));
    }
    m.put("findings", findings);
    m.put("passing", passing);
    m.put("notChecked", notChecked);
    m.put("nodes", nodes);
    return Json.write(m);
  }

  /**
   * One node's elements of the four top-level arrays (findings, passing, notChecked, nodes), each
   * already indented as {@link #render} nests them and joined by ",\n"; an empty string when the
   * node adds none.
   */
  public static String[] fragments(NodeDiff n) {
    List<Object> findings = new ArrayList<>();
    List<Object> passing = new ArrayList<>();
    List<Object> notChecked = new ArrayList<>();
    n.findings().forEach(f -> findings.add(finding(n.node(), f)));
    n.withStatus(ControlStatus.Status.PASS).forEach(c -> passing.add(control(n.node(), c)));
    n.withStatus(ControlStatus.Status.NOT_CHECKED)
        .forEach(c -> notChecked.add(control(n.node(), c)));
    return new String[] {
      elements(findings), elements(passing), elements(notChecked), elements(List.of(node(n)))
    };
  }

  private static String elements(List<Object> items) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "    " : ",\n    ");
      Json.write(items.get(i), sb, 2);
    }
    return sb.toString();
  }

  /** The document's head up to and including {@code "summary"}, then {@code ,\n "findings": }. */
  public static String head(
      String profile,
      dev.kubeharden.model.KubeVersion version,
      boolean drift,
      long nodes,
      long drifting,
      long findings,
      long[] bySeverity) {
    return head(profile, version.toString(), drift, nodes, drifting, findings, bySeverity);
  }

  /**
   * As above, with the version as text (an inventory fleet lists its clusters' minors, comma
   * separated).
   */
  public static String head(
      String profile,
      String version,
      boolean drift,
      long nodes,
      long drifting,
      long findings,
      long[] bySeverity) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("nodes", nodes);
    s.put("driftingNodes", drifting);
    s.put("findings", findings);
    Map<String, Object> sev = new LinkedHashMap<>();
    for (int i = 0; i < DiffText.SEVERITIES_DESC.size(); i++) {
      sev.put(DiffText.SEVERITIES_DESC.get(i), bySeverity[i]);
    }
    s.put("bySeverity", sev);
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"schema\": ");
    Json.write(SCHEMA, sb, 1);
    sb.append(",\n  \"profile\": ");
    Json.write(profile, sb, 1);
    sb.append(",\n  \"kubernetesVersion\": ");
    Json.write(version, sb, 1);
    sb.append(",\n  \"drift\": ").append(drift);
    sb.append(",\n  \"summary\": ");
    Json.write(s, sb, 1);
    return sb.toString();
  }

  /** The names of the four arrays {@link #fragments} fills, in document order. */
  public static final List<String> ARRAYS = List.of("findings", "passing", "notChecked", "nodes");

  static Map<String, Object> summary(DiffReport r) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("nodes", (long) r.nodes().size());
    s.put("driftingNodes", r.driftingNodes());
    s.put("findings", (long) r.findingCount());
    Map<String, Object> bySeverity = new LinkedHashMap<>();
    for (String sev : DiffText.SEVERITIES_DESC) {
      bySeverity.put(
          sev,
          r.nodes().stream()
              .flatMap(n -> n.findings().stream())
              .filter(f -> f.severity().equals(sev))
              .count());
    }
    s.put("bySeverity", bySeverity);
    return s;
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
