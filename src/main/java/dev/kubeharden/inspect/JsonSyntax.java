package dev.kubeharden.inspect;

import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;

/**
 * Checks that a text is JSON (RFC 8259) before it is read as YAML: /configz is JSON the kubelet
 * marshals (encoding/json), so YAML forms in it (single quotes, hex or octal numbers, comments,
 * bare words such as Infinity, a trailing comma or text after the value) are not what a kubelet
 * printed. The first such place is the problem, at its line and column.
 */
final class JsonSyntax {
  /** Past this depth the YAML reader's nesting limit (64) reports the text. */
  private static final int YAML_DEPTH = 66;

  private final String source;
  private final String text;
  private int i;
  private int depth;

  private JsonSyntax(String source, String text) {
    this.source = source;
    this.text = text;
  }

  /** The first place {@code text} is not JSON, or null. */
  static Problem check(String source, String text) {
    JsonSyntax s = new JsonSyntax(source, text);
    try {
      if (s.text.startsWith("\uFEFF")) {
        s.i = 1;
      }
      s.value();
      s.space();
      if (s.i < text.length()) {
        throw s.fail("text after the JSON value");
      }
      return null;
    } catch (Bad b) {
      return b.problem;
    }
  }

  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Problem problem;

    Bad(Problem problem) {
      super(null, null, false, false);
      this.problem = problem;
    }
  }

  private Bad fail(String what) {
    int line = 1;
    int col = 1;
    for (int k = 0; k < i && k < text.length(); k++) {
      if (text.charAt(k) == '\n') {
        line++;
        col = 1;
      } else if (!Character.isLowSurrogate(text.charAt(k))) {
        col++;
      }
    }
    return new Bad(
        Problem.error(
            new Position(source, line, col),
            "not JSON as the kubelet prints it: " + what + " (RFC 8259)"));
  }

  private void space() {
    while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
  }

  private void value() {
    space();
    if (i >= text.length()) {
      throw fail("a value is missing");
    }
    char c = text.charAt(i);
    if (c == '{' || c == '[') {
      if (++depth > YAML_DEPTH) {
        // deeper than the YAML reader goes: it reports the nesting, at its position
        throw new Bad(null);
      }
      char close = c == '{' ? '}' : ']';
      i++;
      space();
      if (i < text.length() && text.charAt(i) == close) {
        i++;
        depth--;
        return;
      }
      while (true) {
        if (c == '{') {
          space();
          if (i >= text.length() || text.charAt(i) != '"') {
            throw fail("an object key must be a double-quoted string");
          }
          string();
          space();
          if (i >= text.length() || text.charAt(i) != ':') {
            throw fail("':' expected after an object key");
          }
          i++;
        }
        value();
        space();
        if (i < text.length() && text.charAt(i) == ',') {
          i++;
          continue;
        }
        if (i < text.length() && text.charAt(i) == close) {
          i++;
          depth--;
          return;
        }
        throw fail("',' or '" + close + "' expected");
      }
    }
    if (c == '"') {
      string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      number();
    } else if (!word("true") && !word("false") && !word("null")) {
      throw fail("a value must be an object, array, string, number, true, false or null");
    }
  }

  private boolean word(String w) {
    if (text.startsWith(w, i)) {
      i += w.length();
      return true;
    }
    return false;
  }

  private void string() {
    i++;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        i++;
        return;
      }
      if (c < 0x20) {
        throw fail("a control character inside a string");
      }
      if (c == '\\') {
        i++;
        if (i >= text.length() || "\"\\/bfnrtu".indexOf(text.charAt(i)) < 0) {
          throw fail("an escape JSON does not have");
        }
      }
      i++;
    }
    throw fail("an unterminated string");
  }

  private void number() {
    int start = i;
    if (text.charAt(i) == '-') {
      i++;
    }
    if (i < text.length() && text.charAt(i) == '0') {
      i++;
    } else if (!digits()) {
      i = start;
      throw fail("a number must start with a digit");
    }
    if (i < text.length() && text.charAt(i) == '.') {
      i++;
      if (!digits()) {
        throw fail("digits expected after the decimal point");
      }
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      if (!digits()) {
        throw fail("digits expected in the exponent");
      }
    }
    if (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      i = start;
      throw fail("a number JSON does not have (hex, octal, a separator or a suffix)");
    }
  }

  private boolean digits() {
    int s = i;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i > s;
  }
}
