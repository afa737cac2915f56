package dev.kubeharden.diff.format;

import dev.kubeharden.model.ControlStatus;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.SuppressedFinding;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * JUnit XML for CI dashboards: a test suite per node, a test case per control, a failure per
 * drifting control.
 */
public final class DiffJunit extends NodeSections {
  /** Every rule's title by control id, for the test cases of switched-off controls. */
  private java.util.Map<String, String> titles = java.util.Map.of();

  DiffJunit() {}

  @Override
  public void begin(DiffHead head) {
    java.util.Map<String, String> t = new java.util.HashMap<>();
    head.controls().forEach(c -> t.putIfAbsent(c.id(), c.title()));
    titles = t;
  }

  @Override
  public void document(DiffHead head, DiffTotals totals, Sections sections, Writer out)
      throws IOException {
    // The Jenkins xUnit schema (junit-10.xsd) has no skipped count on <testsuites>, only on each
    // <testsuite>.
    out.write(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kubeharden diff "
            + esc(head.profile())
            + "\" tests=\""
            + (totals.controls() + totals.acceptedControls())
            + "\" failures=\""
            + totals.failing()
            + "\" errors=\"0\">\n");
    sections.copyTo(0, out);
    out.write("</testsuites>\n");
  }

  @Override
  void node(StringBuilder sb, NodeDiff n) {
    List<String> accepted = DiffTotals.acceptedControls(n);
    sb.append("  <testsuite name=\"")
        .append(esc(n.node()))
        .append("\" tests=\"")
        .append(n.controls().size() + accepted.size())
        .append("\" failures=\"")
        .append(n.withStatus(ControlStatus.Status.FAIL).size())
        .append("\" errors=\"0\" skipped=\"")
        .append(
            n.withStatus(ControlStatus.Status.NOT_CHECKED).size()
                + n.withStatus(ControlStatus.Status.UNKNOWN).size()
                + accepted.size())
        .append("\">\n");
    for (ControlStatus c : n.controls()) {
      sb.append("    <testcase classname=\"kubeharden.")
          .append(esc(n.node()))
          .append("\" name=\"")
          .append(esc(c.id() + " " + c.title()))
          .append('"');
      switch (c.status()) {
        case PASS -> sb.append("/>\n");
        case NOT_CHECKED, UNKNOWN ->
            sb.append(">\n      <skipped message=\"")
                .append(esc(c.reason()))
                .append("\"/>\n")
                .append("    </testcase>\n");
        case FAIL -> {
          List<Finding> mine =
              n.findings().stream().filter(f -> f.controls().contains(c.id())).toList();
          StringBuilder body = new StringBuilder();
          mine.forEach(f -> body.append(DiffSarif.message(n, f)).append('\n'));
          String first = mine.isEmpty() ? c.id() : mine.get(0).field() + " drifts";
          sb.append(">\n      <failure type=\"drift\" message=\"")
              .append(esc(first))
              .append("\">")
              .append(esc(body.toString()))
              .append("</failure>\n    </testcase>\n");
        }
      }
    }
    // A control an exception switched off, which the node breaks: skipped, with the exception.
    for (String id : accepted) {
      SuppressedFinding s =
          n.suppressed().stream().filter(x -> x.controlId().equals(id)).findFirst().orElseThrow();
      String title = titles.getOrDefault(id, s.finding().field());
      sb.append("    <testcase classname=\"kubeharden.")
          .append(esc(n.node()))
          .append("\" name=\"")
          .append(esc(id + " " + title))
          .append("\">\n      <skipped message=\"")
          .append(esc(DiffTotals.acceptedBy(s.exception())))
          .append("\"/>\n    </testcase>\n");
    }
    sb.append("  </testsuite>\n");
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out.append('?');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
