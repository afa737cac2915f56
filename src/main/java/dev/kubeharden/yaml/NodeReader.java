package dev.kubeharden.yaml;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Suggestions;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Strict, problem-collecting accessors over a node tree: unknown keys, wrong kinds, missing keys.
 */
public final class NodeReader {
  private final List<Problem> problems;

  public NodeReader(List<Problem> problems) {
    this.problems = problems;
  }

  public List<Problem> problems() {
    return problems;
  }

  public void error(Position p, String message) {
    problems.add(Problem.error(p, message));
  }

  /** The node as a mapping, or null (with a problem) when it is something else. */
  public Node.MapNode map(Node node, String what) {
    if (node instanceof Node.MapNode m) {
      return m;
    }
    error(node.position(), what + " must be a mapping, not " + node.describe());
    return null;
  }

  public Node.SeqNode seq(Node node, String what) {
    if (node instanceof Node.SeqNode s) {
      return s;
    }
    error(node.position(), what + " must be a list, not " + node.describe());
    return null;
  }

  /** Reports keys not in {@code allowed}, with a hint. */
  public void onlyKeys(Node.MapNode map, Collection<String> allowed, String what) {
    for (Node.Entry e : map.entries().values()) {
      if (!allowed.contains(e.key())) {
        error(
            e.keyPosition(),
            "unknown key \"" + e.key() + "\" in " + what + Suggestions.hint(e.key(), allowed));
      }
    }
  }

  /** A string value (quoted or plain text); numbers and booleans are errors. Missing is null. */
  public String string(Node.MapNode map, String key, String what, boolean required) {
    Node n = map.get(key);
    if (n == null) {
      if (required) {
        error(map.position(), what + " is missing required key \"" + key + "\"");
      }
      return null;
    }
    return scalarString(n, what + "." + key);
  }

  public String scalarString(Node n, String what) {
    if (n instanceof Node.Scalar s && (!s.plain() || "str".equals(s.tag()))) {
      return s.text();
    }
    error(n.position(), what + " must be a string, not " + n.describe());
    return null;
  }

  /**
   * A plain integer that fits 64 bits, read as {@link YamlNumbers} says; anything else (another
   * kind, a refused number form, an overflow) is a problem naming {@code what}, and null.
   */
  public Long int64(Node n, String what) {
    if (n instanceof Node.Scalar s && s.plain() && "int".equals(s.tag())) {
      YamlNumbers.Reading r = YamlNumbers.read(s.text());
      if (r instanceof YamlNumbers.Refused no) {
        error(n.position(), what + ": " + s.text() + ": " + no.reason());
        return null;
      }
      BigInteger v = ((YamlNumbers.Whole) r).value();
      if (v.bitLength() > 63) {
        error(n.position(), what + ": " + v + " does not fit a 64-bit integer");
        return null;
      }
      return v.longValue();
    }
    error(n.position(), what + " must be an integer, not " + n.describe());
    return null;
  }

  /** A list of strings; a single string is not accepted (say what you mean). */
  public List<String> strings(Node.MapNode map, String key, String what) {
    Node n = map.get(key);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    Node.SeqNode seq = seq(n, what + "." + key);
    if (seq != null) {
      for (Node item : seq.items()) {
        String s = scalarString(item, what + "." + key + "[]");
        if (s != null) {
          out.add(s);
        }
      }
    }
    return out;
  }

  public Position keyPosition(Node.MapNode map, String key) {
    Node.Entry e = map.entries().get(key);
    return e == null ? map.position() : e.keyPosition();
  }
}
