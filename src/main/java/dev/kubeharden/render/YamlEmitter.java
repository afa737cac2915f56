package dev.kubeharden.render;

import java.util.List;
import java.util.Map;

/**
 * Emits plain Java structures (maps in their iteration order, lists, scalars) as block YAML. Every
 * scalar goes through {@link YamlText}, so strings are always quoted and keys are safe. A map entry
 * whose key starts with {@code "#"} is emitted as a comment line before the next entry.
 */
public final class YamlEmitter {
  private YamlEmitter() {}

  public static String emit(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, 0, sb);
    return sb.toString();
  }

  private static void write(Object value, int indent, StringBuilder sb) {
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (key.startsWith("#")) {
          sb.append("  ".repeat(indent)).append("# ").append(comment(e.getValue())).append('\n');
          continue;
        }
        entry(YamlText.key(key), e.getValue(), indent, sb);
      }
    } else if (value instanceof List<?> l) {
      for (Object item : l) {
        listItem(item, indent, sb);
      }
    } else {
      sb.append("  ".repeat(indent)).append(YamlText.scalar(value)).append('\n');
    }
  }

  private static void entry(String key, Object v, int indent, StringBuilder sb) {
    String pad = "  ".repeat(indent);
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      sb.append(pad).append(key).append(":\n");
      write(m, indent + 1, sb);
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      sb.append(pad).append(key).append(":\n");
      write(l, indent, sb);
    } else {
      sb.append(pad).append(key).append(": ").append(inline(v)).append('\n');
    }
  }

  private static void listItem(Object item, int indent, StringBuilder sb) {
    String pad = "  ".repeat(indent);
    if (item instanceof Map<?, ?> m && !m.isEmpty()) {
      StringBuilder inner = new StringBuilder();
      write(m, indent + 1, inner);
      String text = inner.toString();
      // the first line's indentation becomes "- "
      int first = indent * 2 + 2;
      sb.append(pad).append("- ").append(text.substring(first));
    } else if (item instanceof List<?> l && !l.isEmpty()) {
      sb.append(pad).append("-\n");
      write(l, indent + 1, sb);
    } else {
      sb.append(pad).append("- ").append(inline(item)).append('\n');
    }
  }

  private static String inline(Object v) {
    if (v instanceof Map<?, ?>) {
      return "{}";
    }
    if (v instanceof List<?>) {
      return "[]";
    }
    return v == null ? "null" : YamlText.scalar(v);
  }

  private static String comment(Object v) {
    return String.valueOf(v).replace("\n", " ");
  }
}
