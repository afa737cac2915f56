package dev.kubeharden.diff.format;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Values;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning UIs: one rule per control, one result per control a drifting field
 * breaks, located at the file, line and column that set the value where known.
 */
public final class DiffSarif implements DiffFormat {
  /** The depth of a result in the log: log, runs, run, results. */
  private static final int RESULT_DEPTH = 4;

  /** The index of each control's rule in the log, by control id. */
  private Map<String, Integer> ruleIndex = Map.of();

  DiffSarif() {}

  @Override
  public void begin(DiffHead head) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (Control c : head.controls()) {
      index.putIfAbsent(c.id(), index.size());
    }
    ruleIndex = index;
  }

  @Override
  public int sections() {
    return 1;
  }

  @Override
  public String separator() {
    return ",\n";
  }

  @Override
  public List<String> fragments(NodeDiff n) {
    List<Object> results = new ArrayList<>();
    for (Finding f : n.findings()) {
      for (String id : f.controls()) {
        results.add(result(n.node(), f, id));
      }
    }
    return List.of(JsonFrame.elements(results, RESULT_DEPTH));
  }

  @Override
  public void document(DiffHead head, DiffTotals totals, Sections sections, Writer out)
      throws IOException {
    List<Object> rules = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Control c : head.controls()) {
      if (seen.add(c.id())) {
        rules.add(rule(c));
      }
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "kubeharden");
    driver.put("informationUri", "https://github.com/kubeharden/kubeharden");
    driver.put("rules", rules);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("results", JsonFrame.slot(0));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("profile", head.profile());
    props.put("kubernetesVersion", head.version());
    run.put("properties", props);
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    log.put("version", "2.1.0");
    log.put("runs", List.of(run));
    JsonFrame.write(log, 1, RESULT_DEPTH, sections, out);
  }

  private static Map<String, Object> rule(Control c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("shortDescription", text(c.title()));
    if (c.rationale() != null && !c.rationale().isBlank()) {
      m.put("fullDescription", text(c.rationale().strip()));
    }
    if (!c.references().isEmpty()) {
      m.put("helpUri", c.references().get(0));
    }
    m.put("defaultConfiguration", Map.of("level", level(c.severity())));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("severity", c.severity());
    props.put("tags", List.of("kubelet", "security", c.profile()));
    m.put("properties", props);
    return m;
  }

  private Map<String, Object> result(String node, Finding f, String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", id);
    Integer index = ruleIndex.get(id);
    if (index != null) {
      m.put("ruleIndex", (long) index);
    }
    m.put("level", level(f.severity()));
    m.put("message", text(message(node, f)));
    Map<String, Object> location = location(f.position());
    if (location != null) {
      m.put("locations", List.of(location));
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("node", node);
    props.put("field", f.field());
    props.put("current", Values.show(f.current()));
    props.put("source", f.source().label());
    props.put("hardened", f.isFlag() ? "(not passed)" : Values.show(f.hardened()));
    props.put("fixedBy", f.fixedBy());
    m.put("properties", props);
    m.put("partialFingerprints", Map.of("kubehardenField/v1", node + "/" + f.field() + "/" + id));
    return m;
  }

  static String message(String node, Finding f) {
    return "node "
        + node
        + ": "
        + f.field()
        + " is "
        + Values.show(f.current())
        + " ("
        + DiffText.source(f)
        + "); "
        + (f.isFlag() ? "the flag must not be passed" : "hardened: " + Values.show(f.hardened()))
        + ". Fix: "
        + f.action()
        + ".";
  }

  private static Map<String, Object> location(Position p) {
    if (!p.hasLine()) {
      return null;
    }
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("uri", uri(p.source()));
    Map<String, Object> region = new LinkedHashMap<>();
    region.put("startLine", (long) p.line());
    region.put("startColumn", (long) Math.max(1, p.column()));
    Map<String, Object> physical = new LinkedHashMap<>();
    physical.put("artifactLocation", artifact);
    physical.put("region", region);
    return Map.of("physicalLocation", physical);
  }

  static String uri(String path) {
    try {
      return new URI(null, null, path.replace('\\', '/'), null).toASCIIString();
    } catch (URISyntaxException e) {
      return path.replaceAll("[^A-Za-z0-9._/~-]", "_");
    }
  }

  static String level(String severity) {
    return switch (severity) {
      case "critical", "high" -> "error";
      case "medium" -> "warning";
      default -> "note";
    };
  }

  private static Map<String, Object> text(String s) {
    return Map.of("text", s);
  }
}
