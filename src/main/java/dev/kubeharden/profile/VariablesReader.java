package dev.kubeharden.profile;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.model.Variable;
import dev.kubeharden.yaml.NodeReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a profile's {@code variables:} declarations and its {@code values:} for them. */
final class VariablesReader {
  static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");
  private static final List<String> TYPES =
      List.of("string", "path", "integer", "boolean", "duration", "quantity", "stringList");

  private final NodeReader r;

  VariablesReader(NodeReader r) {
    this.r = r;
  }

  Map<String, Variable> variables(Node node) {
    Map<String, Variable> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, "variables");
    if (m == null) {
      return out;
    }
    for (Node.Entry e : m.entries().values()) {
      if (!VARIABLE_NAME.matcher(e.key()).matches()) {
        r.error(
            e.keyPosition(),
            "variable name \"" + e.key() + "\" must be letters and digits, camelCase");
        continue;
      }
      Node.MapNode v = r.map(e.value(), "variables." + e.key());
      if (v == null) {
        continue;
      }
      String what = "variables." + e.key();
      r.onlyKeys(v, List.of("type", "default", "description"), what);
      String type = r.string(v, "type", what, true);
      if (type != null && !TYPES.contains(type)) {
        r.error(
            v.get("type").position(),
            what
                + ".type \""
                + type
                + "\" is not one of "
                + String.join(", ", TYPES)
                + Suggestions.hint(type, TYPES));
        type = null;
      }
      Node def = v.get("default");
      if (def == null) {
        r.error(v.position(), what + " is missing required key \"default\"");
      } else if (type != null) {
        checkValue(type, def, what + ".default");
      }
      out.put(
          e.key(),
          new Variable(
              e.key(), type, def, r.string(v, "description", what, false), e.keyPosition()));
    }
    return out;
  }

  /** The {@code values:} block: variable values by name, checked when the chain is resolved. */
  Map<String, Node> values(Node node) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, "values");
    if (m != null) {
      for (Node.Entry e : m.entries().values()) {
        out.put(e.key(), e.value());
      }
    }
    return out;
  }

  /** Checks a variable value against its declared type. */
  private void checkValue(String type, Node value, String what) {
    boolean ok =
        switch (type) {
          case "string", "path", "duration", "quantity" ->
              value instanceof Node.Scalar s && (!s.plain() || "str".equals(s.tag()));
          case "integer" -> value instanceof Node.Scalar s && s.plain() && "int".equals(s.tag());
          case "boolean" -> value instanceof Node.Scalar s && s.plain() && "bool".equals(s.tag());
          case "stringList" -> value instanceof Node.SeqNode;
          default -> true;
        };
    if (ok && "integer".equals(type)) {
      r.int64(value, what);
    } else if (!ok) {
      r.error(value.position(), what + " must be " + article(type) + ", not " + value.describe());
    } else if ("path".equals(type)
        && value instanceof Node.Scalar s
        && !SafePaths.isAbsoluteNormal(s.text())) {
      r.error(value.position(), what + " " + SafePaths.RULE);
    }
  }

  /** "an integer", "a string". */
  static String article(String type) {
    return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }
}
