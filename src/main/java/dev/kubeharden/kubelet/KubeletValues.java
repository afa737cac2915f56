package dev.kubeharden.kubelet;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.yaml.YamlNumbers;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads KubeletConfiguration values from position-carrying nodes: types them by the schema, applies
 * the per-field validation rules and collects every problem. A read config is flat: leaf path to
 * value, with positions.
 */
public final class KubeletValues {
  private final KubeletSchema schema;
  private final List<Problem> problems;

  /** A typed leaf value and where it was written. A null value means "unset this field". */
  public record Located(Object value, Position position) {}

  public KubeletValues(List<Problem> problems) {
    this.schema = KubeletSchema.get();
    this.problems = problems;
  }

  /**
   * Flattens a (partial) KubeletConfiguration mapping into leaf paths. {@code prefix} is the object
   * path the map sits at ("" for the top level). apiVersion and kind are checked and dropped.
   */
  public Map<String, Located> readObject(Node.MapNode map, String prefix) {
    Map<String, Located> out = new LinkedHashMap<>();
    readInto(map, prefix, out);
    return out;
  }

  private void readInto(Node.MapNode map, String prefix, Map<String, Located> out) {
    for (Node.Entry e : map.entries().values()) {
      String path = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
      KubeletField f = schema.field(path);
      if (f == null || path.contains("[]")) {
        String where = prefix.isEmpty() ? "KubeletConfiguration" : prefix;
        unknownField(e, where, schema.childNames(prefix));
        continue;
      }
      if (f.type() == FieldType.OBJECT) {
        if (e.value() instanceof Node.MapNode child) {
          readInto(child, path, out);
        } else if (e.value() instanceof Node.Scalar s && s.isNull()) {
          for (KubeletField leaf : schema.leaves()) {
            if (leaf.path().startsWith(path + ".")) {
              out.put(leaf.path(), new Located(null, e.value().position()));
            }
          }
        } else {
          typeError(path, f, e.value());
        }
        continue;
      }
      Object v = read(f, e.value());
      if (v != INVALID) {
        out.put(path, new Located(v, e.value().position()));
      }
    }
  }

  /** Sentinel for a value that failed to read (a problem has been recorded). */
  public static final Object INVALID = new Object();

  /**
   * Reads one leaf value; returns null for an explicit null (unset) and {@link #INVALID} on error.
   */
  public Object read(KubeletField f, Node node) {
    if (node instanceof Node.Scalar s && s.isNull()) {
      return null;
    }
    Object v = readTyped(f.path(), f.type(), node, f);
    if (v == INVALID) {
      return v;
    }
    return check(f, v, node) ? v : INVALID;
  }

  private Object readTyped(String path, FieldType type, Node node, KubeletField f) {
    switch (type) {
      case BOOL -> {
        if (node instanceof Node.Scalar s && s.plain() && "bool".equals(s.tag())) {
          return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
        }
        if (node instanceof Node.Scalar s && s.plain() && isYaml11Bool(s.text())) {
          problems.add(
              Problem.error(
                  node.position(), path + ": write true or false, not \"" + s.text() + "\""));
          return INVALID;
        }
        return typeError(path, type, node);
      }
      case INT32, INT64 -> {
        if (node instanceof Node.Scalar s && s.plain() && "int".equals(s.tag())) {
          YamlNumbers.Reading r = YamlNumbers.read(s.text());
          if (r instanceof YamlNumbers.Refused no) {
            return numberProblem(path, node, no);
          }
          BigInteger n = ((YamlNumbers.Whole) r).value();
          boolean int32 = type == FieldType.INT32;
          if (n.bitLength() > (int32 ? 31 : 63)) {
            problems.add(
                Problem.error(
                    node.position(),
                    path + ": " + n + " does not fit a " + (int32 ? 32 : 64) + "-bit integer"));
            return INVALID;
          }
          return n.longValue();
        }
        return typeError(path, type, node);
      }
      case FLOAT -> {
        if (node instanceof Node.Scalar s
            && s.plain()
            && ("float".equals(s.tag()) || "int".equals(s.tag()))) {
          YamlNumbers.Reading r = YamlNumbers.read(s.text());
          if (r instanceof YamlNumbers.Refused no) {
            return numberProblem(path, node, no);
          }
          if (r instanceof YamlNumbers.Whole w) {
            return w.value().doubleValue();
          }
          return ((YamlNumbers.Real) r).value();
        }
        return typeError(path, type, node);
      }
      case STRING -> {
        if (node instanceof Node.Scalar s && (!s.plain() || "str".equals(s.tag()))) {
          return s.text();
        }
        return typeError(path, type, node);
      }
      case DURATION -> {
        if (node instanceof Node.Scalar s
            && (!s.plain() || "str".equals(s.tag()) || "0".equals(s.text()))) {
          if (!GoDurations.isValid(s.text())) {
            problems.add(
                Problem.error(
                    node.position(),
                    path
                        + ": \""
                        + s.text()
                        + "\" is not a duration (use Go syntax such as \"5m\", \"1h30m\")"));
            return INVALID;
          }
          return s.text();
        }
        return typeError(path, type, node);
      }
      case QUANTITY -> {
        if (node instanceof Node.Scalar s && !"bool".equals(s.tag()) && !"null".equals(s.tag())) {
          if (!Quantities.isValid(s.text())) {
            problems.add(
                Problem.error(node.position(), path + ": \"" + s.text() + "\" is not a quantity"));
            return INVALID;
          }
          return s.text();
        }
        return typeError(path, type, node);
      }
      case STRING_LIST -> {
        if (node instanceof Node.SeqNode seq) {
          List<String> out = new ArrayList<>();
          boolean ok = true;
          for (Node item : seq.items()) {
            Object v = readTyped(path + "[]", FieldType.STRING, item, f);
            if (v == INVALID) {
              ok = false;
            } else {
              out.add((String) v);
            }
          }
          return ok ? List.copyOf(out) : INVALID;
        }
        return typeError(path, type, node);
      }
      case STRING_MAP, BOOL_MAP, QUANTITY_MAP, STRING_LIST_MAP -> {
        return readMap(path, type, node, f);
      }
      case OBJECT_LIST -> {
        return readObjectList(path, node, f);
      }
      case ANY -> {
        return refusedNumbers(path, node) ? INVALID : plain(node);
      }
      default -> {
        return typeError(path, type, node);
      }
    }
  }

  private Object readMap(String path, FieldType type, Node node, KubeletField f) {
    if (!(node instanceof Node.MapNode map)) {
      return typeError(path, f, node);
    }
    FieldType valueType =
        switch (type) {
          case BOOL_MAP -> FieldType.BOOL;
          case QUANTITY_MAP -> FieldType.QUANTITY;
          case STRING_LIST_MAP -> FieldType.STRING_LIST;
          default -> FieldType.STRING;
        };
    Map<String, Object> out = new TreeMap<>();
    boolean ok = true;
    for (Node.Entry e : map.entries().values()) {
      Object v = readTyped(path + "." + e.key(), valueType, e.value(), f);
      if (v == INVALID) {
        ok = false;
      } else {
        out.put(e.key(), v);
      }
    }
    return ok ? out : INVALID;
  }

  private Object readObjectList(String path, Node node, KubeletField f) {
    if (!(node instanceof Node.SeqNode seq)) {
      return typeError(path, f, node);
    }
    List<Object> out = new ArrayList<>();
    boolean ok = true;
    List<String> children = schema.childNames(path + "[]");
    for (Node item : seq.items()) {
      if (!(item instanceof Node.MapNode m)) {
        typeError(path + "[]", f, item);
        ok = false;
        continue;
      }
      Map<String, Object> obj = new LinkedHashMap<>();
      for (Node.Entry e : m.entries().values()) {
        KubeletField cf = schema.field(path + "[]." + e.key());
        if (cf == null) {
          unknownField(e, path, children);
          ok = false;
          continue;
        }
        Object v = read(cf, e.value());
        if (v == INVALID) {
          ok = false;
        } else if (v != null) {
          obj.put(e.key(), v);
        }
      }
      out.add(obj);
    }
    return ok ? List.copyOf(out) : INVALID;
  }

  /**
   * A plain number as a Long or Double; a number kubeharden refuses (see {@link YamlNumbers}), or
   * an integer beyond 64 bits, stays its text (readers that take numbers report it first).
   */
  private static Object number(String text) {
    YamlNumbers.Reading r = YamlNumbers.read(text);
    if (r instanceof YamlNumbers.Whole w && w.value().bitLength() <= 63) {
      return w.value().longValue();
    }
    return r instanceof YamlNumbers.Real d ? (Object) d.value() : text;
  }

  /**
   * Records a problem for every number under {@code node} that a free-form field cannot take: the
   * forms {@link YamlNumbers} refuses, and integers beyond 64 bits. True when there was one.
   */
  private boolean refusedNumbers(String path, Node node) {
    if (node instanceof Node.Scalar s
        && s.plain()
        && ("int".equals(s.tag()) || "float".equals(s.tag()))) {
      YamlNumbers.Reading r = YamlNumbers.read(s.text());
      if (r instanceof YamlNumbers.Refused no) {
        numberProblem(path, node, no);
        return true;
      }
      if (r instanceof YamlNumbers.Whole w && w.value().bitLength() > 63) {
        problems.add(
            Problem.error(
                node.position(), path + ": " + w.value() + " does not fit a 64-bit integer"));
        return true;
      }
      return false;
    }
    boolean found = false;
    if (node instanceof Node.SeqNode seq) {
      for (Node n : seq.items()) {
        found |= refusedNumbers(path, n);
      }
    } else if (node instanceof Node.MapNode m) {
      for (Node.Entry e : m.entries().values()) {
        found |= refusedNumbers(path + "." + e.key(), e.value());
      }
    }
    return found;
  }

  private Object numberProblem(String path, Node node, YamlNumbers.Refused no) {
    problems.add(
        Problem.error(
            node.position(), path + ": " + ((Node.Scalar) node).text() + ": " + no.reason()));
    return INVALID;
  }

  /** Converts a node into plain Java values (for free-form fields). */
  public static Object plain(Node node) {
    if (node instanceof Node.Scalar s) {
      if (!s.plain()) {
        return s.text();
      }
      return switch (s.tag()) {
        case "null" -> null;
        case "bool" -> Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
        case "int", "float" -> number(s.text());
        default -> s.text();
      };
    }
    if (node instanceof Node.SeqNode seq) {
      List<Object> out = new ArrayList<>();
      for (Node n : seq.items()) {
        out.add(plain(n));
      }
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Node.Entry e : ((Node.MapNode) node).entries().values()) {
      out.put(e.key(), plain(e.value()));
    }
    return out;
  }

  /**
   * What pkg/kubelet/apis/config/validation asks of podLogsDir: absolute, and equal to its {@code
   * filepath.Clean} (no "." or ".." segments, no doubled or trailing '/').
   */
  private static boolean isAbsoluteNormal(String p) {
    return p.startsWith("/")
        && (p.equals("/") || !p.endsWith("/"))
        && !p.contains("//")
        && !p.contains("/./")
        && !p.contains("/../")
        && !p.endsWith("/.")
        && !p.endsWith("/..");
  }

  private void unknownField(Node.Entry e, String where, Collection<String> known) {
    problems.add(
        Problem.error(
            e.keyPosition(),
            "unknown field \"" + e.key() + "\" in " + where + Suggestions.hint(e.key(), known)));
  }

  private boolean check(KubeletField f, Object v, Node node) {
    int before = problems.size();
    Position pos = node.position();
    String path = f.path();
    if (f.constant() != null && !f.constant().equals(v)) {
      problems.add(
          Problem.error(pos, path + " must be \"" + f.constant() + "\" (got \"" + v + "\")"));
    }
    if (f.rejected() != null && f.rejected().equals(String.valueOf(v))) {
      problems.add(Problem.error(pos, path + ": " + v + " is rejected by the kubelet"));
    }
    if (v instanceof Long n
        && ((f.min() != null && n < f.min()) || (f.max() != null && n > f.max()))) {
      problems.add(Problem.error(pos, path + " must be " + bounds(f) + " (got " + n + ")"));
    }
    if (!f.enumValues().isEmpty()) {
      List<String> values = v instanceof List<?> l ? strings(l) : List.of(String.valueOf(v));
      for (int i = 0; i < values.size(); i++) {
        String s = values.get(i);
        if (!f.enumValues().contains(s)) {
          problems.add(
              Problem.error(
                  itemPosition(node, i),
                  path
                      + ": \""
                      + s
                      + "\" is not one of "
                      + String.join(", ", f.enumValues())
                      + Suggestions.hint(s, f.enumValues())));
        }
      }
    }
    if (f.ip()) {
      List<String> values = v instanceof List<?> l ? strings(l) : List.of(String.valueOf(v));
      for (int i = 0; i < values.size(); i++) {
        if (!IpAddresses.isIp(values.get(i))) {
          problems.add(
              Problem.error(
                  itemPosition(node, i),
                  path + ": \"" + values.get(i) + "\" is not an IP address"));
        }
      }
    }
    if (f.cipher()) {
      List<String> suites = strings((List<?>) v);
      for (int i = 0; i < suites.size(); i++) {
        String s = suites.get(i);
        if (!CipherSuites.isKnown(s)) {
          problems.add(
              Problem.error(
                  itemPosition(node, i),
                  path
                      + ": unknown cipher suite \""
                      + s
                      + "\" (the kubelet refuses to start)"
                      + Suggestions.hint(s, CipherSuites.all())));
        }
      }
    }
    if (f.nonEmpty()
        && ((v instanceof String s && s.isEmpty()) || (v instanceof List<?> l && l.isEmpty()))) {
      problems.add(Problem.error(pos, path + " must not be empty"));
    }
    if (f.absPath() && v instanceof String p && !isAbsoluteNormal(p)) {
      problems.add(
          Problem.error(pos, path + " must be an absolute, normalized path (got \"" + p + "\")"));
    }
    if (f.positive() && v instanceof String d && GoDurations.toNanos(d) <= 0) {
      problems.add(Problem.error(pos, path + " must be a positive duration (got \"" + d + "\")"));
    }
    if (f.type() == FieldType.DURATION
        && !f.positive()
        && v instanceof String d
        && GoDurations.toNanos(d) < 0) {
      problems.add(Problem.error(pos, path + " must not be negative (got \"" + d + "\")"));
    }
    return problems.size() == before;
  }

  /** The position of a list item, or of the node itself for scalars. */
  private static Position itemPosition(Node node, int index) {
    if (node instanceof Node.SeqNode seq && index < seq.items().size()) {
      return seq.items().get(index).position();
    }
    return node.position();
  }

  private static String bounds(KubeletField f) {
    if (f.min() != null && f.max() != null) {
      return "between " + f.min() + " and " + f.max();
    }
    return f.min() != null ? "at least " + f.min() : "at most " + f.max();
  }

  private static List<String> strings(List<?> l) {
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  private Object typeError(String path, KubeletField f, Node node) {
    FieldType expected = path.endsWith("[]") ? FieldType.STRING : f.type();
    if (path.endsWith("[]") && f.type() == FieldType.OBJECT_LIST) {
      expected = FieldType.OBJECT;
    }
    return typeError(path, expected, node);
  }

  private Object typeError(String path, FieldType expected, Node node) {
    problems.add(
        Problem.error(
            node.position(),
            path.replace("[]", "")
                + " must be "
                + expected.description()
                + ", not "
                + node.describe()));
    return INVALID;
  }

  private static boolean isYaml11Bool(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "yes", "no", "on", "off", "y", "n" -> true;
      default -> false;
    };
  }
}
