package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.yaml.YamlNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads KubeletConfiguration documents: the --config file and --config-dir drop-ins (YAML or JSON,
 * apiVersion and kind required, as the kubelet's decoder requires them), and the /configz JSON of a
 * running kubelet.
 */
final class ConfigSources {
  private ConfigSources() {}

  /**
   * A config file or drop-in, typed and validated by the schema; problems are collected. Unknown
   * fields are noted and ignored, as the kubelet's lenient v1beta1 decoding does; wrong types and
   * invalid values are problems.
   */
  static Map<String, KubeletValues.Located> config(
      String source, String text, List<Problem> problems, List<String> notes) {
    Read cached = text.length() <= MAX_TEXT ? READ.get(text) : null;
    if (cached != null) {
      return cached.as(source);
    }
    List<Problem> foundProblems = new ArrayList<>();
    List<String> foundNotes = new ArrayList<>();
    Map<String, KubeletValues.Located> read = read(source, text, foundProblems, foundNotes);
    problems.addAll(foundProblems);
    notes.addAll(foundNotes);
    if (foundProblems.isEmpty()
        && foundNotes.isEmpty()
        && text.length() <= MAX_TEXT
        && READ.size() < MAX_ENTRIES) {
      READ.putIfAbsent(text, new Read(source, new LinkedHashMap<>(read)));
    }
    return read;
  }

  /**
   * Files read without a problem or a note, by text, bounded: the nodes of a fleet share their
   * config files and drop-ins byte for byte. The values are shared (nothing changes a value it
   * reads); the positions are re-labelled with each file's own name.
   */
  private static final Map<String, Read> READ = new ConcurrentHashMap<>();

  private static final int MAX_ENTRIES = 4096;
  private static final int MAX_TEXT = 64 * 1024;

  private record Read(String source, Map<String, KubeletValues.Located> values) {
    Map<String, KubeletValues.Located> as(String name) {
      Map<String, KubeletValues.Located> out = new LinkedHashMap<>();
      values.forEach(
          (path, v) -> {
            Position p = v.position();
            out.put(
                path,
                p != null && source.equals(p.source())
                    ? new KubeletValues.Located(v.value(), new Position(name, p.line(), p.column()))
                    : v);
          });
      return out;
    }
  }

  private static Map<String, KubeletValues.Located> read(
      String source, String text, List<Problem> problems, List<String> notes) {
    Node root = load(source, text, problems);
    if (root == null) {
      return Map.of();
    }
    if (!(root instanceof Node.MapNode map)) {
      problems.add(
          Problem.error(
              root.position(), "a KubeletConfiguration must be a mapping, not " + root.describe()));
      return Map.of();
    }
    for (String key : List.of("apiVersion", "kind")) {
      if (map.get(key) == null) {
        problems.add(
            Problem.error(
                map.position(),
                "missing "
                    + key
                    + " (the kubelet cannot decode the file without apiVersion: "
                    + KubeletSchema.API_VERSION
                    + " and kind: "
                    + KubeletSchema.KIND
                    + ")"));
      }
    }
    List<Problem> local = new java.util.ArrayList<>();
    Map<String, KubeletValues.Located> read =
        new KubeletValues(local).readObject(withoutZeros(map, ""), "");
    for (Problem p : local) {
      if (p.message().startsWith("unknown field ")) {
        // The kubelet falls back to lenient decoding for v1beta1 and ignores unknown fields (a typo
        // stays drift).
        notes.add(
            p.position() + ": ignored " + p.message() + " (the kubelet ignores unknown fields)");
      } else {
        problems.add(p);
      }
    }
    read.remove("apiVersion");
    read.remove("kind");
    return read;
  }

  /** The YAML (or JSON) document of {@code text}, or null with its syntax problems added. */
  private static Node load(String source, String text, List<Problem> problems) {
    try {
      return ParsedYaml.load(source, text);
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  /**
   * Drops zero values that v1beta1 defaulting replaces before validation ("0s" durations kubeadm
   * writes), so that they read as the default rather than failing a positive-duration rule.
   */
  private static Node.MapNode withoutZeros(Node.MapNode map, String prefix) {
    Map<String, Node.Entry> kept = new LinkedHashMap<>();
    for (Node.Entry e : map.entries().values()) {
      String path = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
      Node v = e.value();
      if (v instanceof Node.Scalar s
          && KubeletDefaults.isDefaultedZero(
              path, s.plain() && "int".equals(s.tag()) ? (Object) parseLong(s.text()) : s.text())) {
        continue;
      }
      if (v instanceof Node.MapNode child) {
        v = withoutZeros(child, path);
      }
      kept.put(e.key(), new Node.Entry(e.key(), e.keyPosition(), v));
    }
    return new Node.MapNode(kept, map.position());
  }

  private static Long parseLong(String text) {
    return YamlNumbers.read(text) instanceof YamlNumbers.Whole w && w.value().bitLength() <= 63
        ? w.value().longValue()
        : null;
  }

  /**
   * The JSON {@code kubectl get --raw /api/v1/nodes/NAME/proxy/configz} prints: {@code
   * {"kubeletconfig": {...}}}. Fields this kubeharden does not know (a newer kubelet) are skipped
   * with a note, and so are durations in nanoseconds; a known field with a value of the wrong type
   * is an input error at its position.
   */
  static Map<String, KubeletValues.Located> configz(
      String source, String text, List<Problem> problems, List<String> notes) {
    Problem notJson = JsonSyntax.check(source, text);
    if (notJson != null) {
      problems.add(notJson);
      return Map.of();
    }
    Node root = load(source, text, problems);
    if (root == null) {
      return Map.of();
    }
    Node inner = root instanceof Node.MapNode m ? m.get("kubeletconfig") : null;
    if (!(inner instanceof Node.MapNode config)) {
      problems.add(
          Problem.error(
              inner == null ? root.position() : inner.position(),
              "expected the /configz JSON, an object with a \"kubeletconfig\" object"
                  + " (kubectl get --raw /api/v1/nodes/NAME/proxy/configz)"));
      return Map.of();
    }
    // Every value must have its field's type: the kubelet marshals its own configuration, so a
    // string for an integer, NaN, an overflowing number or "Infinity" is not what a kubelet
    // printed, and is reported at its position instead of being compared.
    Map<String, KubeletValues.Located> read =
        new KubeletValues(problems).readObject(known(config, "", problems, notes), "");
    read.remove("apiVersion");
    read.remove("kind");
    return read;
  }

  /** Drops keys the schema does not know, recursively through nested objects, noting each. */
  private static Node.MapNode known(
      Node.MapNode map, String prefix, List<Problem> problems, List<String> notes) {
    KubeletSchema schema = KubeletSchema.get();
    Map<String, Node.Entry> kept = new LinkedHashMap<>();
    for (Node.Entry e : map.entries().values()) {
      String path = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
      var f = schema.field(path);
      if (f == null) {
        notes.add(
            e.keyPosition()
                + ": skipped field "
                + path
                + " (not in the KubeletConfiguration schema kubeharden knows)");
        continue;
      }
      Node v = e.value();
      if (v instanceof Node.Scalar n && n.plain() && "null".equals(n.tag())) {
        // encoding/json omits nil pointers (omitempty) and prints every other field's value: a
        // null is not what a kubelet printed.
        problems.add(
            Problem.error(
                v.position(), path + " is null, which the kubelet never prints for a field"));
        continue;
      }
      if (f.type() == dev.kubeharden.kubelet.FieldType.DURATION
          && v instanceof Node.Scalar s
          && s.plain()
          && "int".equals(s.tag())) {
        // component-base's TimeOrMetaDuration (logging.flushFrequency) marshals as nanoseconds.
        notes.add(
            v.position()
                + ": skipped: "
                + path
                + " is an integer (nanoseconds, as the kubelet marshals some durations)");
        continue;
      }
      if (v instanceof Node.MapNode child && f.type() == dev.kubeharden.kubelet.FieldType.OBJECT) {
        v = known(child, path, problems, notes);
      }
      kept.put(e.key(), new Node.Entry(e.key(), e.keyPosition(), v));
    }
    return new Node.MapNode(kept, map.position());
  }
}
