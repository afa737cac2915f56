package dev.kubeharden.diff.format;

import dev.kubeharden.model.ControlStatus;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.SuppressedFinding;
import dev.kubeharden.model.Values;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable table of a diff, one section per node and a fleet summary; ANSI colour only when
 * asked.
 */
public final class DiffText extends NodeSections {
  private static final String[] HEAD = {
    "SEVERITY", "FIELD", "CURRENT", "SOURCE", "HARDENED", "CONTROLS"
  };

  /** Between two nodes' sections in the grouped form (never in a section's text). */
  private static final String NODE_BREAK = "\u0000";

  /** At most this many names head a group of identical nodes. */
  private static final int NAMES_SHOWN = 8;

  private final boolean color;
  private final boolean grouped;
  private final StringBuilder sb = new StringBuilder();

  DiffText(boolean color) {
    this(color, false);
  }

  private DiffText(boolean color, boolean grouped) {
    this.color = color;
    this.grouped = grouped;
  }

  /**
   * The text report with identical nodes grouped: nodes whose sections are the same but for the
   * node's name are shown once, headed by their names and count (a 500-node cluster reads as a
   * handful of groups). The sections are held in memory until the end: for a live cluster, not for
   * an offline fleet of 100,000 directories.
   */
  public static DiffFormat grouped(boolean color) {
    return new DiffText(color, true);
  }

  @Override
  public String separator() {
    return grouped ? NODE_BREAK : "";
  }

  @Override
  void node(StringBuilder out, NodeDiff n) {
    DiffText t = new DiffText(color);
    t.node(n);
    out.append(t.sb);
  }

  @Override
  public void document(DiffHead head, DiffTotals totals, Sections sections, Writer out)
      throws IOException {
    out.write(head.title());
    if (grouped) {
      StringWriter all = new StringWriter();
      sections.copyTo(0, all);
      groups(all.toString(), out);
    } else {
      sections.copyTo(0, out);
    }
    if (head.fleet()) {
      out.write(
          "\nfleet: "
              + totals.nodes()
              + " nodes, "
              + totals.drifting()
              + " drifting"
              + (totals.unknown() > 0 ? ", " + totals.unknown() + " unknown" : "")
              + (totals.down() > 0 ? " (" + totals.down() + " whose kubelet does not start)" : "")
              + ", "
              + totals.findings()
              + " findings"
              + bySeverity(totals.bySeverity())
              + (totals.clusterFindings() > 0
                  ? ", " + totals.clusterFindings() + " of them in the cluster section"
                  : "")
              + "\n");
    }
  }

  /** Writes the sections, each distinct one once, headed by the nodes that share it. */
  private static void groups(String all, Writer out) throws IOException {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    if (all.isEmpty()) {
      return;
    }
    for (String section : all.split(NODE_BREAK, -1)) {
      if (!section.startsWith("\nnode ")) {
        groups.computeIfAbsent(section, b -> new ArrayList<>()); // the cluster section, as it is
        continue;
      }
      // A section starts "\nnode NAME: ".
      int end = section.indexOf(": ");
      String name = section.substring("\nnode ".length(), end);
      // The live sources carry the node's name ("configz of NAME:1:237"): only those are masked.
      String body =
          section
              .substring(end)
              .replace("configz of " + name, "configz of <node>")
              .replace("flagz of " + name, "flagz of <node>");
      groups.computeIfAbsent(body, b -> new ArrayList<>()).add(name);
    }
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      List<String> names = g.getValue();
      if (names.isEmpty()) {
        out.write(g.getKey());
        continue;
      }
      if (names.size() == 1) {
        out.write("\nnode " + names.get(0) + g.getKey().replace("<node>", names.get(0)));
        continue;
      }
      out.write(
          "\nnodes "
              + String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
              + (names.size() > NAMES_SHOWN ? ", ..." : "")
              + " ("
              + names.size()
              + " identical)"
              + g.getKey());
    }
  }

  /** " (2 critical, 1 low)": the non-zero counts, in {@link DiffTotals#SEVERITIES_DESC} order. */
  static String bySeverity(long[] counts) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < DiffTotals.SEVERITIES_DESC.size(); i++) {
      if (counts[i] > 0) {
        parts.add(counts[i] + " " + DiffTotals.SEVERITIES_DESC.get(i));
      }
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private void node(NodeDiff n) {
    sb.append('\n').append(n.cluster() ? "cluster" : "node " + n.node()).append(": ");
    if (!n.kubeletStarts()) {
      sb.append(paint("31", "the kubelet does not start"));
    } else if (n.isUnknown() && n.findings().isEmpty()) {
      sb.append(paint("33", "unknown"));
    } else if (n.hasDrift()) {
      sb.append(
              paint(
                  "31",
                  n.findings().size() + (n.findings().size() == 1 ? " finding" : " findings")))
          .append(bySeverity(DiffTotals.of(n).bySeverity()));
    } else {
      sb.append(paint("32", "no drift"));
    }
    sb.append("; ")
        .append(n.withStatus(ControlStatus.Status.PASS).size())
        .append(" controls pass, ")
        .append(n.withStatus(ControlStatus.Status.FAIL).size())
        .append(" fail, ")
        .append(n.withStatus(ControlStatus.Status.NOT_CHECKED).size())
        .append(" not checked");
    int unknown = n.withStatus(ControlStatus.Status.UNKNOWN).size();
    if (unknown > 0) {
      sb.append(", ").append(unknown).append(" unknown");
    }
    if (!n.suppressed().isEmpty()) {
      sb.append(", ").append(n.suppressed().size()).append(" accepted by exception");
    }
    sb.append('\n');
    for (String cause : n.startFailures()) {
      sb.append("  cause: ").append(cause).append('\n');
    }
    if (!n.findings().isEmpty()) {
      table(n.findings());
    }
    for (SuppressedFinding s : n.suppressed()) {
      Finding f = s.finding();
      sb.append("  accepted: ")
          .append(s.controlId())
          .append(' ')
          .append(f.field())
          .append(" = ")
          .append(cut(Values.show(f.current())))
          .append(" (")
          .append(source(f))
          .append("): ")
          .append(DiffTotals.acceptedBy(s.exception()))
          .append('\n');
    }
    for (ControlStatus c : n.secureButFailsTheAudit()) {
      sb.append("  audit: ")
          .append(c.id())
          .append(" passes on the node but ")
          .append(n.auditor().get(c.id()) == ControlStatus.Status.FAIL ? "fails" : "is not judged")
          .append(
              " in kube-bench's view (it reads the main config file at its fixed paths and the"
                  + " flags, never --config-dir): set it in the main config file too\n");
    }
    for (String note : n.notes()) {
      sb.append("  note: ").append(note).append('\n');
    }
    if (n.patch() != null && !n.patch().isEmpty()) {
      sb.append('\n').append(n.patch());
    }
  }

  private void table(List<Finding> findings) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEAD);
    for (Finding f : findings) {
      rows.add(
          new String[] {
            f.severity(),
            f.field(),
            cut(Values.show(f.current())),
            source(f),
            f.isFlag() ? "(not passed)" : cut(Values.show(f.hardened())),
            String.join(", ", f.controls())
          });
    }
    int[] w = new int[HEAD.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        w[i] = Math.max(w[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      sb.append("  ");
      for (int i = 0; i < row.length; i++) {
        String cell = i == row.length - 1 ? row[i] : pad(row[i], w[i]);
        sb.append(i == 0 && r > 0 ? paint(colorOf(row[0]), cell) : cell)
            .append(i == row.length - 1 ? "" : "  ");
      }
      sb.append('\n');
      if (r > 0) {
        Finding f = findings.get(r - 1);
        sb.append("    fix: ")
            .append(f.action())
            .append(" [")
            .append(String.join(", ", f.fixedBy()))
            .append("]\n");
      }
    }
  }

  static String source(Finding f) {
    String where = f.position().hasLine() ? f.position().toString() : null;
    return f.source().label() + (where == null ? "" : " " + where);
  }

  /** Long values (cipher lists) are shortened in the table; json and sarif carry them whole. */
  private static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  private static String colorOf(String severity) {
    return switch (severity) {
      case "critical", "high" -> "31";
      case "medium" -> "33";
      default -> "36";
    };
  }

  private String paint(String code, String text) {
    return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
