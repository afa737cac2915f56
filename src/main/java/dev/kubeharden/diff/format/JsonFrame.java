package dev.kubeharden.diff.format;

import dev.kubeharden.render.Json;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A JSON document whose big arrays are filled from {@link DiffFormat.Sections}: the document is
 * written by {@link Json} with a one-element placeholder in each array ({@link #slot}), and each
 * placeholder is replaced by its section. Fragments are written at the array's element depth, each
 * beginning with its indent; the result is byte for byte what {@link Json#write(Object)} gives for
 * the document with the arrays in place.
 */
final class JsonFrame {
  private JsonFrame() {}

  /** The placeholder array of section {@code i}. */
  static List<Object> slot(int i) {
    return List.of(marker(i));
  }

  private static String marker(int i) {
    return "\u0000section" + i;
  }

  /**
   * Writes {@code document}, whose slots are sections {@code 0..n-1} in document order, each array
   * element {@code depth} levels deep.
   */
  static void write(Object document, int n, int depth, DiffFormat.Sections sections, Writer out)
      throws IOException {
    String text = Json.write(document);
    int cursor = 0;
    for (int i = 0; i < n; i++) {
      StringBuilder token = new StringBuilder();
      Json.write(marker(i), token, 0);
      int at = text.indexOf(token.toString(), cursor);
      int lineStart = text.lastIndexOf('\n', at) + 1;
      if (at < 0 || at - lineStart != 2 * depth || !text.startsWith("[\n", lineStart - 2)) {
        throw new IllegalStateException("section " + i + " is not an array " + depth + " deep");
      }
      int after = at + token.length();
      if (sections.isEmpty(i)) {
        out.write(text, cursor, lineStart - 2 - cursor);
        out.write("[]");
        cursor = text.indexOf(']', after) + 1;
      } else {
        out.write(text, cursor, lineStart - cursor);
        sections.copyTo(i, out);
        cursor = after;
      }
    }
    out.write(text, cursor, text.length() - cursor);
  }

  /** The elements of one array, each {@code depth} levels deep, as a section's fragment. */
  static String elements(List<?> items, int depth) {
    StringBuilder sb = new StringBuilder();
    String indent = "  ".repeat(depth);
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? indent : ",\n" + indent);
      Json.write(items.get(i), sb, depth);
    }
    return sb.toString();
  }
}
