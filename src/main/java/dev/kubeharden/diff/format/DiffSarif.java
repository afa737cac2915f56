package dev.kubeharden.diff.format;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.SuppressedFinding;
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
 * breaks, located at the file, line and column that set the value where known. A control an
 * exception switched off gets its results too, each with a suppression carrying the reason.
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
        results.add(result(n, f, id));
      }
    }
    for (SuppressedFinding sf : n.suppressed()) {
      Map<String, Object> m = result(n, sf.finding(), sf.controlId());
      m.put("suppressions", List.of(suppression(sf.exception())));
      results.add(m);
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
    driver.put("version", dev.kubeharden.model.BuildInfo.version());
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

  /**
   * A rule as GitHub code scanning ingests it: a name, short and full descriptions, help in text
   * and markdown with the fix, and {@code security-severity} (GitHub's scale: 9.0 and above is
   * critical, 7.0 high, 4.0 medium, below that low).
   */
  private static Map<String, Object> rule(Control c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("name", friendlyName(c.title()));
    m.put("shortDescription", text(c.title()));
    String full = c.rationale() == null || c.rationale().isBlank() ? c.title() : c.rationale();
    m.put("fullDescription", text(oneParagraph(full)));
    m.put("help", help(c));
    if (!c.references().isEmpty() && c.references().get(0).startsWith("https://")) {
      m.put("helpUri", c.references().get(0));
    }
    m.put("defaultConfiguration", Map.of("level", level(c.severity())));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("severity", c.severity());
    props.put("security-severity", securitySeverity(c.severity()));
    props.put("precision", "very-high");
    props.put(
        "tags", List.of("node".equals(c.scope()) ? "kubelet" : c.scope(), "security", c.profile()));
    m.put("properties", props);
    return m;
  }

  /** What the control checks and why, how to fix it, what it can break, and its references. */
  private static Map<String, Object> help(Control c) {
    StringBuilder text = new StringBuilder();
    StringBuilder md = new StringBuilder();
    md.append("**")
        .append(c.id())
        .append("**: ")
        .append(c.title())
        .append(" (")
        .append(c.severity())
        .append(")\n");
    text.append(c.id())
        .append(": ")
        .append(c.title())
        .append(" (")
        .append(c.severity())
        .append(")\n");
    if (c.rationale() != null && !c.rationale().isBlank()) {
      md.append("\n").append(oneParagraph(c.rationale())).append("\n");
      text.append("\n").append(oneParagraph(c.rationale())).append("\n");
    }
    String fix =
        c.correction() != null && !c.correction().isBlank()
            ? oneParagraph(c.correction())
            : "Install the bundle kubeharden generates for this profile (`kubeharden generate`): the"
                + " finding names the file that sets the hardened value.";
    md.append("\n**Fix:** ").append(fix).append("\n");
    text.append("\nFix: ").append(fix).append("\n");
    if (c.impact() != null && !c.impact().isBlank()) {
      md.append("\n**What it can break:** ").append(oneParagraph(c.impact())).append("\n");
      text.append("\nWhat it can break: ").append(oneParagraph(c.impact())).append("\n");
    }
    if (!c.references().isEmpty()) {
      md.append("\n**References:**\n");
      text.append("\nReferences:\n");
      for (String r : c.references()) {
        md.append("- ").append(r).append("\n");
        text.append("- ").append(r).append("\n");
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", text.toString());
    m.put("markdown", md.toString());
    return m;
  }

  /**
   * "Ensure that the --anonymous-auth argument is set to false" to "EnsureThatTheAnonymousAuth...".
   */
  static String friendlyName(String title) {
    StringBuilder sb = new StringBuilder();
    boolean start = true;
    for (int i = 0; i < title.length(); i++) {
      char c = title.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        sb.append(start ? Character.toUpperCase(c) : c);
        start = false;
      } else {
        start = true;
      }
    }
    return sb.length() == 0 || !Character.isLetter(sb.charAt(0)) ? "Rule" + sb : sb.toString();
  }

  private static String oneParagraph(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  /** GitHub's security-severity for a kubeharden severity. */
  static String securitySeverity(String severity) {
    return switch (severity) {
      case "critical" -> "9.5";
      case "high" -> "8.0";
      case "medium" -> "5.5";
      default -> "3.0";
    };
  }

  private Map<String, Object> result(NodeDiff n, Finding f, String id) {
    String node = n.node();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", id);
    Integer index = ruleIndex.get(id);
    if (index != null) {
      m.put("ruleIndex", (long) index);
    }
    m.put("level", level(f.severity()));
    m.put("message", text(message(n, f)));
    m.put("locations", List.of(location(f, n.cluster())));
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

  /**
   * The exception that switched the control off, as SARIF's external, accepted suppression: code
   * scanning shows the result as suppressed, with the reason as justification.
   */
  private static Map<String, Object> suppression(Disable d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "external");
    m.put("status", "accepted");
    m.put("justification", d.reason());
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("declaredBy", d.profile());
    props.put("owner", d.owner());
    props.put("ticket", d.ticket());
    props.put("expires", d.expires() == null ? null : d.expires().toString());
    m.put("properties", props);
    return m;
  }

  /** "node worker-1" or, for the cluster section, "cluster". */
  static String subject(NodeDiff n) {
    return n.cluster() ? "cluster" : "node " + n.node();
  }

  static String message(NodeDiff n, Finding f) {
    return subject(n)
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

  /**
   * Where the result points: the file, line and column that set the value; for a default (or a
   * /configz value, which names no file), the bundle file whose installation fixes it, at line 1.
   * GitHub code scanning drops a result without a location.
   */
  private static Map<String, Object> location(Finding f, boolean cluster) {
    Position p = f.position();
    Map<String, Object> artifact = new LinkedHashMap<>();
    Map<String, Object> region = new LinkedHashMap<>();
    if (p.hasLine()) {
      artifact.put("uri", uri(p.source()));
      region.put("startLine", (long) p.line());
      region.put("startColumn", (long) Math.max(1, p.column()));
    } else {
      artifact.put("uri", uri(fixFile(f)));
      region.put("startLine", 1L);
    }
    Map<String, Object> physical = new LinkedHashMap<>();
    physical.put("artifactLocation", artifact);
    physical.put("region", region);
    Map<String, Object> location = new LinkedHashMap<>();
    location.put("physicalLocation", physical);
    if (!p.hasLine()) {
      location.put(
          "message",
          text(
              cluster
                  ? "the value is a default (no file sets it); this file sets the hardened one"
                  : "the value is the kubelet's "
                      + f.source().label()
                      + "; this file sets the hardened one"));
    }
    return location;
  }

  /**
   * The bundle path of the first file that fixes a finding: node paths live under {@code node/} in
   * the bundle ({@code /etc/kubernetes/...} is {@code node/etc/kubernetes/...}).
   */
  static String fixFile(Finding f) {
    String first = f.fixedBy().isEmpty() ? "REPORT.md" : f.fixedBy().get(0);
    return first.startsWith("/") ? "node" + first : first;
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
