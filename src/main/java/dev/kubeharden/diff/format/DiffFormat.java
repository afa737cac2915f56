package dev.kubeharden.diff.format;

import dev.kubeharden.model.DiffReport;
import dev.kubeharden.model.NodeDiff;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * A report format of {@code diff}, written node by node: each node renders to one fragment per
 * section of the document (the JSON arrays, SARIF's results, a text or markdown section per node);
 * the fragments are kept in {@link Sections}, in node order, until the last node is in; then {@link
 * #document} writes the head, which may carry the totals, the sections and the tail. One path for
 * one node and for a fleet of 100,000: a report in memory is the same fragments in memory.
 */
public interface DiffFormat {
  /**
   * Called once with the head before any node's fragments are asked for (fragments may then be
   * asked for from several threads).
   */
  default void begin(DiffHead head) {}

  /** How many sections a node's fragments go to. */
  int sections();

  /**
   * One node's fragment of each section, {@link #sections()} of them; an empty string where the
   * node adds nothing.
   */
  List<String> fragments(NodeDiff n);

  /** What goes between two non-empty fragments of a section. */
  default String separator() {
    return "";
  }

  /** Writes the whole document. */
  void document(DiffHead head, DiffTotals totals, Sections sections, Writer out) throws IOException;

  /** The fragments of every section, in node order, joined by the format's separator. */
  interface Sections {
    boolean isEmpty(int section);

    /** Writes the section's fragments to {@code out}. */
    void copyTo(int section, Writer out) throws IOException;
  }

  /** A format by its {@code --format} name; {@code colour} is for the text format only. */
  static DiffFormat named(String name, boolean colour) {
    return switch (name) {
      case "text" -> new DiffText(colour);
      case "json" -> new DiffJson();
      case "sarif" -> new DiffSarif();
      case "junit" -> new DiffJunit();
      case "markdown" -> new DiffMarkdown();
      default -> throw new IllegalArgumentException("unknown diff format " + name);
    };
  }

  /** The report of nodes already diffed, in memory, as the streamed report would be. */
  static String render(DiffFormat format, DiffHead head, List<NodeDiff> nodes) {
    try (Spool spool = Spool.inMemory(format)) {
      format.begin(head);
      DiffTotals totals = new DiffTotals();
      for (NodeDiff n : nodes) {
        spool.add(format.fragments(n));
        totals.add(DiffTotals.of(n));
      }
      StringWriter out = new StringWriter();
      format.document(head, totals, spool, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String render(DiffFormat format, DiffReport r) {
    return render(format, DiffHead.of(r), r.nodes());
  }
}
