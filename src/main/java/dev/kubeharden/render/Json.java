package dev.kubeharden.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A small deterministic JSON writer (two-space indent, keys in insertion order) for reports. */
public final class Json {
  private static final String[] INDENTS = new String[32];
  private static final int FLUSH_AT = 1 << 16;

  static {
    for (int i = 0; i < INDENTS.length; i++) {
      INDENTS[i] = "  ".repeat(i);
    }
  }

  private Json() {}

  private static String indent(int n) {
    return n < INDENTS.length ? INDENTS[n] : "  ".repeat(n);
  }

  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb, 0);
    return sb.append('\n').toString();
  }

  /**
   * Writes {@code value} as {@link #write(Object)} gives it, to {@code out} as it goes, so that a
   * large document (a fleet's manifest) is never held whole; lists and maps may be views that
   * produce their elements as they are read.
   */
  public static void write(Object value, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder(FLUSH_AT + 4096);
    try {
      write(value, sb, 0, out);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.append(sb).append('\n');
  }

  /**
   * Writes {@code value} as it appears nested {@code indent} levels deep (no leading indent, no
   * newline).
   */
  public static void write(Object v, StringBuilder sb, int indent) {
    write(v, sb, indent, null);
  }

  /** As above; with {@code out}, hands {@code sb} on to it between elements once it is large. */
  private static void write(Object v, StringBuilder sb, int indent, Writer out) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
      sb.append(v);
    } else if (v instanceof Double d) {
      sb.append(d);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(indent(indent + 1));
        string(String.valueOf(e.getKey()), sb);
        sb.append(": ");
        write(e.getValue(), sb, indent + 1, out);
        sb.append(++i < m.size() ? ",\n" : "\n");
        flush(sb, out);
      }
      sb.append(indent(indent)).append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        sb.append(indent(indent + 1));
        write(l.get(i), sb, indent + 1, out);
        sb.append(i + 1 < l.size() ? ",\n" : "\n");
        flush(sb, out);
      }
      sb.append(indent(indent)).append(']');
    } else {
      string(String.valueOf(v), sb);
    }
  }

  private static void flush(StringBuilder sb, Writer out) {
    if (out != null && sb.length() >= FLUSH_AT) {
      try {
        out.append(sb);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sb.setLength(0);
    }
  }

  private static void string(String s, StringBuilder sb) {
    if (plain(s)) {
      sb.append('"').append(s).append('"');
      return;
    }
    DoubleQuoted.append(sb, s, c -> c < 0x20, c -> String.format("\\u%04x", c));
  }

  /**
   * Whether {@code s} needs no escape. Scanned as ISO-8859-1 bytes: a character beyond U+00FF
   * becomes '?', and every character that needs an escape is below U+0080, so the answer is the
   * same; under C1 a byte array is scanned several times faster than {@code charAt}, whose index
   * check is a call (a fleet's report.json holds two strings per file of the fleet).
   */
  private static boolean plain(String s) {
    for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
      if ((b >= 0 && b < 0x20) || b == '"' || b == '\\') {
        return false;
      }
    }
    return true;
  }
}
