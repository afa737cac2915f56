package dev.kubeharden.profile;

import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Origin;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Resolution step 3: the KubeletConfiguration. Each layer's active controls' settings, then its own
 * settings, then the {@code --set}s that do not drive a variable; variable references are
 * substituted and typed on the way in.
 */
final class SettingsStep {
  private final KubeletSchema schema = KubeletSchema.get();
  private final List<Problem> problems;
  private final KubeletValues values;
  private final VariableStep variables;
  private final Map<String, ResolvedSetting> config = new LinkedHashMap<>();
  private final Map<String, Position> valuePositions = new LinkedHashMap<>();

  SettingsStep(VariableStep variables, List<Problem> problems) {
    this.variables = variables;
    this.problems = problems;
    this.values = new KubeletValues(problems);
  }

  /** Applies the chain's settings, layer by layer, then the command line's. */
  void apply(List<Profile> chain, List<Control> active, List<String> sets) {
    for (Profile p : chain) {
      for (Control c : active) {
        if (c.profile().equals(p.name()) && p.controls().contains(c)) {
          for (Setting s : c.settings()) {
            apply(s, new Origin(p.name(), c.id(), s.position()));
          }
        }
      }
      for (Setting s : p.settings()) {
        apply(s, new Origin(p.name(), null, s.position()));
      }
    }
    sets.forEach(this::applyCommandLineSet);
  }

  /** The settings so far, unordered. */
  Iterable<ResolvedSetting> settings() {
    return config.values();
  }

  /** Where the value of a field was set, for messages. */
  Position positionOf(String path) {
    Position p = valuePositions.get(path);
    return p == null ? Position.of("(resolved configuration)") : p;
  }

  /**
   * The settings in schema order, each with the ids of the active controls whose requirements name
   * its field.
   */
  Map<String, ResolvedSetting> ordered(List<Control> active) {
    Map<String, List<String>> byPath = new LinkedHashMap<>();
    for (Control c : active) {
      for (Requirement r : c.requirements()) {
        List<String> ids =
            byPath.computeIfAbsent(
                ProfileResolver.fieldOf(schema, r.path()), k -> new ArrayList<>());
        if (!ids.contains(c.id())) {
          ids.add(c.id());
        }
      }
    }
    Map<String, ResolvedSetting> out = new LinkedHashMap<>();
    for (KubeletField f : schema.leaves()) {
      ResolvedSetting s = config.get(f.path());
      if (s != null) {
        out.put(
            f.path(),
            new ResolvedSetting(
                s.path(),
                s.value(),
                s.origin(),
                List.copyOf(byPath.getOrDefault(f.path(), List.of()))));
      }
    }
    return out;
  }

  private void apply(Setting s, Origin origin) {
    Object value = s.value();
    if (value instanceof Setting.VarRef ref) {
      value = substitute(s.path(), ref, s.position());
      if (value == KubeletValues.INVALID) {
        return;
      }
    }
    put(s.path(), value, origin, s.position());
  }

  private void put(String path, Object value, Origin origin, Position pos) {
    if (value == null) {
      config.remove(path);
      valuePositions.remove(path);
      return;
    }
    KubeletField f = schema.field(path);
    ResolvedSetting prior = config.get(path);
    if (prior != null
        && value instanceof Map<?, ?> m
        && prior.value() instanceof Map<?, ?> pm
        && isMap(f)) {
      Map<Object, Object> merged = new TreeMap<>(pm);
      merged.putAll(m);
      value = merged;
    }
    config.put(path, new ResolvedSetting(path, value, origin, List.of()));
    valuePositions.put(path, pos);
  }

  private static boolean isMap(KubeletField f) {
    return f != null
        && (f.type() == FieldType.STRING_MAP
            || f.type() == FieldType.BOOL_MAP
            || f.type() == FieldType.QUANTITY_MAP
            || f.type() == FieldType.STRING_LIST_MAP);
  }

  private String unknownVariable(String name) {
    return "unknown variable " + name + Suggestions.hint(name, variables.names());
  }

  private Object substitute(String path, Setting.VarRef ref, Position pos) {
    KubeletField f = schema.field(path);
    Matcher whole = ProfileResolver.VAR_REF.matcher(ref.text());
    if (whole.matches()) {
      Node n = variables.value(whole.group(1));
      if (n == null) {
        problems.add(Problem.error(pos, unknownVariable(whole.group(1))));
        return KubeletValues.INVALID;
      }
      List<Problem> local = new ArrayList<>();
      Object v = new KubeletValues(local).read(f, n);
      for (Problem p : local) {
        problems.add(
            Problem.error(
                pos,
                p.message()
                    + " (from variable "
                    + whole.group(1)
                    + " set at "
                    + p.position()
                    + ")"));
      }
      return v;
    }
    Matcher m = ProfileResolver.VAR_REF.matcher(ref.text());
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Node n = variables.value(m.group(1));
      if (!(n instanceof Node.Scalar s)) {
        problems.add(
            Problem.error(
                pos,
                n == null
                    ? unknownVariable(m.group(1))
                    : "variable " + m.group(1) + " is a list and cannot be part of a string"));
        return KubeletValues.INVALID;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(s.text()));
    }
    m.appendTail(sb);
    Node.Scalar text = new Node.Scalar(sb.toString(), false, "str", pos);
    return values.read(f, text);
  }

  private void applyCommandLineSet(String assignment) {
    Position pos = Position.of("--set " + assignment);
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      problems.add(Problem.error(pos, "expected FIELD=VALUE"));
      return;
    }
    String path = assignment.substring(0, eq);
    Map<String, String> driven = variables.drivenFields();
    if (driven.containsKey(path)) {
      if (driven.get(path) == null) {
        problems.add(
            Problem.error(
                pos,
                path
                    + " is built from profile variables; set them with --var NAME=VALUE instead"
                    + " (kubeharden profiles show lists them)"));
      }
      return; // routed through its variable in VariableStep
    }
    String text = assignment.substring(eq + 1);
    KubeletField f = schema.field(path);
    String mapKey = null;
    if (f == null) {
      int dot = path.lastIndexOf('.');
      while (dot > 0 && f == null) {
        KubeletField candidate = schema.field(path.substring(0, dot));
        if (candidate != null && isMap(candidate)) {
          f = candidate;
          mapKey = path.substring(candidate.path().length() + 1);
        }
        dot = path.lastIndexOf('.', dot - 1);
      }
    }
    if (f == null || !f.type().isLeaf() || path.contains("[]")) {
      List<String> leaves = new ArrayList<>();
      schema.leaves().forEach(l -> leaves.add(l.path()));
      problems.add(
          Problem.error(
              pos, "unknown KubeletConfiguration field " + path + Suggestions.hint(path, leaves)));
      return;
    }
    Node node;
    try {
      node = YamlLoader.load("--set " + path, text.isEmpty() ? "\"\"" : text);
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
      return;
    }
    node = relocate(node, pos);
    Object value;
    if (mapKey != null) {
      Map<String, Node.Entry> entry = new LinkedHashMap<>();
      entry.put(mapKey, new Node.Entry(mapKey, pos, node));
      value = values.read(f, new Node.MapNode(entry, pos));
    } else {
      value = values.read(f, node);
    }
    if (value != KubeletValues.INVALID) {
      put(f.path(), value, Origin.commandLine(pos), pos);
    }
  }

  /** Gives a --set value the position of the option, so messages name it. */
  static Node relocate(Node n, Position pos) {
    if (n instanceof Node.Scalar s) {
      return new Node.Scalar(s.text(), s.plain(), s.tag(), pos);
    }
    if (n instanceof Node.SeqNode seq) {
      List<Node> items = new ArrayList<>();
      seq.items().forEach(i -> items.add(relocate(i, pos)));
      return new Node.SeqNode(items, pos);
    }
    Map<String, Node.Entry> entries = new LinkedHashMap<>();
    ((Node.MapNode) n)
        .entries()
        .forEach((k, e) -> entries.put(k, new Node.Entry(k, pos, relocate(e.value(), pos))));
    return new Node.MapNode(entries, pos);
  }
}
