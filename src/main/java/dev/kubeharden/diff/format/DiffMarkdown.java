package dev.kubeharden.diff.format;

import dev.kubeharden.model.ControlStatus;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.SuppressedFinding;
import dev.kubeharden.model.Values;
import java.io.IOException;
import java.io.Writer;

/**
 * A pull request body: summary, a table of findings per node with the fix, passing controls, the
 * patch.
 */
public final class DiffMarkdown extends NodeSections {
  DiffMarkdown() {}

  @Override
  public void document(DiffHead head, DiffTotals totals, Sections sections, Writer out)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("## kubeharden diff: `")
        .append(head.profile())
        .append("` for Kubernetes ")
        .append(head.version())
        .append("\n\n");
    String nodes = totals.nodes() + " node" + (totals.nodes() == 1 ? "" : "s");
    if (totals.drift() && totals.nodes() == 0) {
      sb.append("**")
          .append(totals.findings())
          .append(" finding")
          .append(totals.findings() == 1 ? "" : "s")
          .append("** in the cluster section")
          .append(DiffText.bySeverity(totals.bySeverity()))
          .append(".\n");
    } else if (totals.drift()) {
      sb.append("**")
          .append(totals.drifting())
          .append(" of ")
          .append(nodes)
          .append(" drift")
          .append(totals.down() > 0 ? " (" + totals.down() + " down)" : "")
          .append(": ")
          .append(totals.findings())
          .append(" finding")
          .append(totals.findings() == 1 ? "" : "s")
          .append("**")
          .append(DiffText.bySeverity(totals.bySeverity()))
          .append(
              totals.clusterFindings() > 0
                  ? ", " + totals.clusterFindings() + " of them in the cluster section"
                  : "")
          .append(".\n");
    } else {
      sb.append("**No drift** ")
          .append(totals.nodes() == 0 ? "in the cluster section" : "on " + nodes)
          .append(".\n");
    }
    out.write(sb.toString());
    sections.copyTo(0, out);
  }

  @Override
  void node(StringBuilder sb, NodeDiff n) {
    sb.append(n.cluster() ? "\n### Cluster\n\n" : "\n### Node `" + n.node() + "`\n\n");
    if (!n.kubeletStarts()) {
      sb.append("**The kubelet does not start:**\n\n");
      n.startFailures().forEach(c -> sb.append("- ").append(cell(c)).append('\n'));
      sb.append('\n');
    }
    if (!n.findings().isEmpty()) {
      sb.append("| Severity | Field | Current | Source | Hardened | Controls | Fix |\n");
      sb.append("|---|---|---|---|---|---|---|\n");
      for (Finding f : n.findings()) {
        sb.append("| ")
            .append(f.severity())
            .append(" | `")
            .append(cell(f.field()))
            .append("` | `")
            .append(cell(Values.show(f.current())))
            .append("` | ")
            .append(cell(DiffText.source(f)))
            .append(" | ")
            .append(f.isFlag() ? "(not passed)" : "`" + cell(Values.show(f.hardened())) + "`")
            .append(" | ")
            .append(cell(String.join(", ", f.controls())))
            .append(" | ")
            .append(cell(f.action()))
            .append(" |\n");
      }
    } else if (n.kubeletStarts()) {
      sb.append("No drift.\n");
    }
    var passing = n.withStatus(ControlStatus.Status.PASS);
    if (!passing.isEmpty()) {
      sb.append("\n<details><summary>")
          .append(passing.size())
          .append(" controls pass</summary>\n\n");
      passing.forEach(
          c -> sb.append("- ").append(c.id()).append(": ").append(cell(c.title())).append('\n'));
      sb.append("\n</details>\n");
    }
    if (!n.suppressed().isEmpty()) {
      sb.append("\n<details><summary>")
          .append(n.suppressed().size())
          .append(" accepted by exception</summary>\n\n");
      for (SuppressedFinding s : n.suppressed()) {
        Finding f = s.finding();
        sb.append("- ")
            .append(s.controlId())
            .append(": `")
            .append(cell(f.field()))
            .append("` is `")
            .append(cell(Values.show(f.current())))
            .append("` (")
            .append(cell(DiffText.source(f)))
            .append("): ")
            .append(cell(DiffTotals.acceptedBy(s.exception())))
            .append('\n');
      }
      sb.append("\n</details>\n");
    }
    if (!n.notes().isEmpty()) {
      sb.append('\n');
      n.notes().forEach(note -> sb.append("> ").append(cell(note)).append('\n'));
    }
    if (n.patch() != null && !n.patch().isEmpty()) {
      sb.append("\n```diff\n").append(n.patch()).append("```\n");
    }
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
