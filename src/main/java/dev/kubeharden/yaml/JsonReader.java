package dev.kubeharden.yaml;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Position;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259) for the documents kubeharden wrote itself, a bundle's report.json
 * above all: a fleet's lists every file of the tree, tens of MB that SnakeYAML's scanner reads
 * about ten times more slowly (it looks at every character as YAML, where JSON needs a look at the
 * structural ones only). Reads UTF-8 bytes; gives maps (keys in document order), lists, strings,
 * {@link Long} or {@link BigDecimal} numbers, booleans and null. Refused, with the line and column:
 * anything RFC 8259 does not allow (comments, a trailing comma, single quotes, a control character
 * in a string, a leading zero, a byte order mark), a duplicate key, an escape that is not a whole
 * Unicode character (an unpaired surrogate), bytes that are not UTF-8, and nesting deeper than
 * {@code maxDepth}.
 */
public final class JsonReader {
  private final String source;
  private final byte[] b;
  private final int maxDepth;
  private int i;

  private JsonReader(String source, byte[] bytes, int maxDepth) {
    this.source = source;
    this.b = bytes;
    this.maxDepth = maxDepth;
  }

  /** The one value {@code bytes} hold; {@code source} names them in a problem's position. */
  public static Object read(String source, byte[] bytes, int maxDepth) {
    JsonReader r = new JsonReader(source, bytes, maxDepth);
    r.requireUtf8();
    r.skipSpace();
    Object v = r.value(0);
    r.skipSpace();
    if (r.i < bytes.length) {
      throw r.problem("more after the JSON value");
    }
    return v;
  }

  /** Refuses bytes that are not UTF-8, decoding through a small buffer (a report may be large). */
  private void requireUtf8() {
    int k = 0;
    while (k < b.length && b[k] >= 0) {
      k++;
    }
    if (k == b.length) {
      return;
    }
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, k, b.length - k);
    CharBuffer out = CharBuffer.allocate(8192);
    CoderResult r;
    do {
      out.clear();
      r = d.decode(in, out, true);
    } while (r.isOverflow());
    if (r.isUnderflow()) {
      out.clear();
      r = d.flush(out);
    }
    if (r.isError()) {
      throw InvalidInputException.of(new Position(source, 1, 1), "not UTF-8 text");
    }
  }

  private Object value(int depth) {
    if (i >= b.length) {
      throw problem("the document ends where a value was expected");
    }
    return switch (b[i]) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> word("true", true);
      case 'f' -> word("false", false);
      case 'n' -> word("null", null);
      default -> {
        if (b[i] == '-' || (b[i] >= '0' && b[i] <= '9')) {
          yield number();
        }
        throw problem("not a JSON value");
      }
    };
  }

  private Map<String, Object> object(int depth) {
    nest(depth);
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    skipSpace();
    if (at('}')) {
      i++;
      return m;
    }
    while (true) {
      if (!at('"')) {
        throw problem("expected a string key");
      }
      int keyAt = i;
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      Object v = value(depth);
      if (m.containsKey(key)) {
        i = keyAt;
        throw problem("duplicate key \"" + printable(key) + "\"");
      }
      m.put(key, v);
      skipSpace();
      if (at(',')) {
        i++;
        skipSpace();
      } else if (at('}')) {
        i++;
        return m;
      } else {
        throw problem("expected , or }");
      }
    }
  }

  private List<Object> array(int depth) {
    nest(depth);
    List<Object> l = new ArrayList<>();
    i++;
    skipSpace();
    if (at(']')) {
      i++;
      return l;
    }
    while (true) {
      l.add(value(depth));
      skipSpace();
      if (at(',')) {
        i++;
        skipSpace();
      } else if (at(']')) {
        i++;
        return l;
      } else {
        throw problem("expected , or ]");
      }
    }
  }

  private void nest(int depth) {
    if (depth > maxDepth) {
      throw problem("nested deeper than " + maxDepth + " levels");
    }
  }

  private String string() {
    int run = ++i;
    // without an escape the bytes between the quotes are the string: no builder
    StringBuilder sb = null;
    while (i < b.length) {
      byte c = b[i];
      if (c == '"') {
        String last = new String(b, run, i++ - run, StandardCharsets.UTF_8);
        return sb == null ? last : sb.append(last).toString();
      }
      if (c == '\\') {
        sb =
            (sb == null ? new StringBuilder() : sb)
                .append(new String(b, run, i - run, StandardCharsets.UTF_8));
        escape(sb);
        run = i;
      } else if (c >= 0 && c < 0x20) {
        throw problem("a control character in a string (write it as an escape)");
      } else {
        i++;
      }
    }
    throw problem("the document ends inside a string");
  }

  private void escape(StringBuilder sb) {
    int at = i++;
    if (i >= b.length) {
      throw problem("the document ends inside a string");
    }
    byte c = b[i++];
    switch (c) {
      case '"', '\\', '/' -> sb.append((char) c);
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'u' -> {
        char ch = hex4(at);
        if (Character.isHighSurrogate(ch) && i + 1 < b.length && b[i] == '\\' && b[i + 1] == 'u') {
          int low = i;
          i += 2;
          char lo = hex4(low);
          if (!Character.isLowSurrogate(lo)) {
            i = at;
            throw problem("an unpaired surrogate escape");
          }
          sb.append(ch).append(lo);
        } else if (Character.isSurrogate(ch)) {
          i = at;
          throw problem("an unpaired surrogate escape");
        } else {
          sb.append(ch);
        }
      }
      default -> {
        i = at;
        throw problem("not a JSON escape");
      }
    }
  }

  private char hex4(int escapeAt) {
    if (i + 4 > b.length) {
      i = escapeAt;
      throw problem("a \\u escape needs four hexadecimal digits");
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(b[i + k], 16);
      if (d < 0) {
        i = escapeAt;
        throw problem("a \\u escape needs four hexadecimal digits");
      }
      v = v * 16 + d;
    }
    i += 4;
    return (char) v;
  }

  private Object number() {
    int start = i;
    if (at('-')) {
      i++;
    }
    if (at('0')) {
      i++;
    } else if (digitAt()) {
      digits();
    } else {
      throw problem("not a JSON number");
    }
    boolean integral = true;
    if (at('.')) {
      integral = false;
      i++;
      if (!digitAt()) {
        throw problem("a digit must follow the decimal point");
      }
      digits();
    }
    if (at('e') || at('E')) {
      integral = false;
      i++;
      if (at('+') || at('-')) {
        i++;
      }
      if (!digitAt()) {
        throw problem("a digit must follow the exponent");
      }
      digits();
    }
    String text = new String(b, start, i - start, StandardCharsets.US_ASCII);
    if (integral && i - start <= 20) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        // beyond a long: a BigDecimal below
      }
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      i = start;
      throw problem("a number out of range (its exponent is beyond an int)");
    }
  }

  private void digits() {
    while (digitAt()) {
      i++;
    }
  }

  private boolean digitAt() {
    return i < b.length && b[i] >= '0' && b[i] <= '9';
  }

  private Object word(String word, Object v) {
    for (int k = 0; k < word.length(); k++) {
      if (i + k >= b.length || b[i + k] != word.charAt(k)) {
        throw problem("not a JSON value");
      }
    }
    i += word.length();
    return v;
  }

  private boolean at(char c) {
    return i < b.length && b[i] == c;
  }

  private void expect(char c) {
    if (!at(c)) {
      throw problem("expected " + c);
    }
    i++;
  }

  private void skipSpace() {
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
  }

  /** A problem at the current byte, its line and column counted in characters. */
  private InvalidInputException problem(String message) {
    int line = 1;
    int column = 1;
    for (int k = 0; k < i && k < b.length; k++) {
      if (b[k] == '\n' || (b[k] == '\r' && (k + 1 >= b.length || b[k + 1] != '\n'))) {
        line++;
        column = 1;
      } else if (b[k] != '\r' && (b[k] & 0xC0) != 0x80) {
        column++;
      }
    }
    return InvalidInputException.of(new Position(source, line, column), message);
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints()
        .limit(80)
        .forEach(
            c -> sb.appendCodePoint(c < 0x20 || c == 0x7f || Character.isISOControl(c) ? '?' : c));
    return sb.toString();
  }
}
