package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a flag's text into a node typed like the config field it overrides, so that the schema's
 * reader and validation apply to flags too: lists are comma-separated, maps {@code k=v,k2=v2}
 * (eviction thresholds {@code signal<quantity}).
 */
final class FlagValues {
  private FlagValues() {}

  /** The node for a flag value, or null when the field's type cannot be given as a flag. */
  static Node node(KubeletField f, String text, Position pos) {
    return switch (f.type()) {
      case BOOL -> scalar(goBool(text), true, pos);
      case INT32, INT64, FLOAT -> scalar(text, true, pos);
      case STRING_LIST -> list(text, pos);
      case STRING_MAP, QUANTITY_MAP, BOOL_MAP ->
          map(
              text,
              pos,
              f.path().startsWith("eviction") ? "<" : "=",
              f.type() == FieldType.BOOL_MAP);
      case OBJECT_LIST, OBJECT, STRING_LIST_MAP, ANY -> null;
      default -> scalar(text, false, pos);
    };
  }

  /** Go's strconv.ParseBool spellings, as pflag accepts them. */
  private static String goBool(String text) {
    return switch (text) {
      case "1", "t", "T", "TRUE", "true", "True" -> "true";
      case "0", "f", "F", "FALSE", "false", "False" -> "false";
      default -> text;
    };
  }

  private static Node.Scalar scalar(String text, boolean plain, Position pos) {
    return new Node.Scalar(text, plain, plain ? YamlLoader.coreTag(text) : "str", pos);
  }

  private static Node list(String text, Position pos) {
    List<Node> items = new ArrayList<>();
    if (!text.isEmpty()) {
      for (String s : text.split(",", -1)) {
        items.add(scalar(s.strip(), false, pos));
      }
    }
    return new Node.SeqNode(items, pos);
  }

  private static Node map(String text, Position pos, String separator, boolean booleans) {
    Map<String, Node.Entry> entries = new LinkedHashMap<>();
    if (!text.isEmpty()) {
      for (String pair : text.split(",", -1)) {
        if (pair.isBlank()) {
          continue; // component-base cli/flag map types skip empty pairs ("a=1,")
        }
        int sep = pair.indexOf(separator);
        String k = sep < 0 ? pair.strip() : pair.substring(0, sep).strip();
        String v = sep < 0 ? "" : pair.substring(sep + 1).strip();
        boolean bool = booleans && v.toLowerCase(Locale.ROOT).matches("true|false");
        entries.put(
            k, new Node.Entry(k, pos, scalar(bool ? v.toLowerCase(Locale.ROOT) : v, bool, pos)));
      }
    }
    return new Node.MapNode(entries, pos);
  }
}
