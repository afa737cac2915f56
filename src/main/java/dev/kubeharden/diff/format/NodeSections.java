package dev.kubeharden.diff.format;

import dev.kubeharden.model.NodeDiff;
import java.util.List;

/** A format with one section: each node's part of the document, in node order. */
abstract class NodeSections implements DiffFormat {
  @Override
  public final int sections() {
    return 1;
  }

  @Override
  public final List<String> fragments(NodeDiff n) {
    StringBuilder sb = new StringBuilder();
    node(sb, n);
    return List.of(sb.toString());
  }

  /** Appends one node's part of the document. */
  abstract void node(StringBuilder sb, NodeDiff n);
}
