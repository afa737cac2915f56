package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.yaml.YamlLoader;
import dev.kubeharden.yaml.YamlNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a flag's text into a node typed like the config field it overrides, so that the schema's
 * reader and validation apply to flags too. The syntax is the flag's registered value type
 * (kubelet-flags.tsv valueType): component-base cli/flag MapStringString ({@code k=v,k2=v2}),
 * MapStringStringNoSplit (one {@code k=v}, commas belong to the value),
 * LangleSeparatedMapStringString ({@code signal<quantity}), MapStringBool (values by
 * strconv.ParseBool), pflag stringSlice (CSV).
 */
final class FlagValues {
  private FlagValues() {}

  /** The node for a flag value, or null when the flag's value cannot be compared. */
  static Node node(KubeletFlags.Spec spec, KubeletField f, String text, Position pos) {
    if (f == null) {
      return null;
    }
    return switch (spec.valueType()) {
      case "bool" -> scalar(goBool(text), true, pos);
      case "int32", "int64", "verbosityLevel" -> scalar(goInteger(text), true, pos);
      case "stringSlice" -> list(text, pos);
      case "mapStringString" -> map(text, pos, "=", false, true);
      case "mapStringStringNoSplit" -> map(text, pos, "=", false, false);
      case "langleSeparatedMapStringString" -> map(text, pos, "<", false, true);
      case "mapStringBool" -> map(text, pos, "=", true, true);
      case "string", "duration", "ip", "quantity" ->
          f.type() == FieldType.BOOL || f.type() == FieldType.INT32 || f.type() == FieldType.INT64
              ? scalar(text, true, pos)
              : scalar(text, false, pos);
      default -> null;
    };
  }

  /**
   * pflag's integer flags read their value with strconv.ParseInt(s, 0, bits): "0x10", "0o20", "020"
   * (octal) and "1_000" are numbers there. Returns the decimal text of such a value, or the text as
   * it is when it is not one (the reader then reports it).
   */
  static String goInteger(String text) {
    java.math.BigInteger v = YamlNumbers.goInteger(text);
    return v == null ? text : v.toString();
  }

  /** Go's strconv.ParseBool spellings, as pflag and cliflag.MapStringBool accept them. */
  static String goBool(String text) {
    return switch (text) {
      case "1", "t", "T", "TRUE", "true", "True" -> "true";
      case "0", "f", "F", "FALSE", "false", "False" -> "false";
      default -> text;
    };
  }

  private static Node.Scalar scalar(String text, boolean plain, Position pos) {
    return new Node.Scalar(text, plain, plain ? YamlLoader.coreTag(text) : "str", pos);
  }

  /** pflag stringSlice reads its value as one CSV record (encoding/csv: quoted fields allowed). */
  private static Node list(String text, Position pos) {
    List<Node> items = new ArrayList<>();
    if (!text.isEmpty()) {
      for (String s : csv(text)) {
        items.add(scalar(s, false, pos));
      }
    }
    return new Node.SeqNode(items, pos);
  }

  static List<String> csv(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static Node map(
      String text, Position pos, String separator, boolean booleans, boolean split) {
    Map<String, Node.Entry> entries = new LinkedHashMap<>();
    List<String> pairs = split ? List.of(text.split(",", -1)) : List.of(text);
    for (String pair : pairs) {
      if (pair.isBlank()) {
        continue; // component-base cli/flag map types skip empty pairs ("a=1,")
      }
      int sep = pair.indexOf(separator);
      String k = sep < 0 ? pair.strip() : pair.substring(0, sep).strip();
      String v = sep < 0 ? "" : pair.substring(sep + 1).strip();
      String b = booleans ? goBool(v) : v;
      boolean bool = booleans && (b.equals("true") || b.equals("false"));
      entries.put(k, new Node.Entry(k, pos, scalar(bool ? b : v, bool, pos)));
    }
    return new Node.MapNode(entries, pos);
  }
}
