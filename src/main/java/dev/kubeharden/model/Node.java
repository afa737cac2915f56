package dev.kubeharden.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML (or JSON) document node that remembers where it came from. The loader builds these
 * from the parser's node tree so that every value keeps its line and column for error messages.
 */
public sealed interface Node permits Node.Scalar, Node.MapNode, Node.SeqNode {

  Position position();

  /** A short name of the node's kind for messages: "a string", "a mapping", ... */
  String describe();

  /**
   * A scalar. {@code plain} is false for quoted and block scalars, whose text is always a string.
   * {@code tag} is the resolved core-schema kind of a plain scalar: str, int, float, bool or null.
   */
  record Scalar(String text, boolean plain, String tag, Position position) implements Node {
    public boolean isNull() {
      return plain && "null".equals(tag);
    }

    @Override
    public String describe() {
      if (!plain) {
        return "a string";
      }
      return switch (tag) {
        case "int" -> "an integer";
        case "float" -> "a number";
        case "bool" -> "a boolean";
        case "null" -> "null";
        default -> "a string";
      };
    }
  }

  /** One mapping entry; the key keeps its own position. */
  record Entry(String key, Position keyPosition, Node value) {}

  record MapNode(Map<String, Entry> entries, Position position) implements Node {
    public MapNode {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public Node get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record SeqNode(List<Node> items, Position position) implements Node {
    public SeqNode {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }
}
