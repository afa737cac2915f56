package dev.kubeharden.profile;

import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.Assessment;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.Scope;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Severity;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.yaml.NodeReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a profile's {@code controls:} list: each control's metadata, kubelet settings and
 * requirements, forbidden flags, file rules and artifacts.
 */
final class ControlsReader {
  private static final List<String> KEYS =
      List.of(
          "id",
          "title",
          "severity",
          "assessment",
          "scope",
          "rationale",
          "impact",
          "correction",
          "references",
          "kubernetesVersions",
          "kubelet",
          "files",
          "artifacts",
          "targets");

  private final NodeReader r;
  private final KubeletValues values;
  private final KubeletReader kubelet;
  private final VersionsReader versions;
  private final KubeletSchema schema = KubeletSchema.get();

  ControlsReader(NodeReader r) {
    this.r = r;
    this.values = new KubeletValues(r.problems());
    this.kubelet = new KubeletReader(r);
    this.versions = new VersionsReader(r);
  }

  List<Control> read(Node node, String profileName) {
    List<Control> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(node, "controls");
    if (seq == null) {
      return out;
    }
    Map<String, Position> seen = new HashMap<>();
    for (Node item : seq.items()) {
      Control c = control(item, profileName);
      if (c == null) {
        continue;
      }
      Position first = seen.putIfAbsent(c.id(), c.position());
      if (first != null) {
        r.error(
            c.position(),
            "duplicate control id " + c.id() + " (first defined at line " + first.line() + ")");
      }
      out.add(c);
    }
    return out;
  }

  private Control control(Node node, String profileName) {
    Node.MapNode m = r.map(node, "controls[]");
    if (m == null) {
      return null;
    }
    String id = r.string(m, "id", "control", true);
    String what = id == null ? "control" : "control " + id;
    r.onlyKeys(m, KEYS, what);
    if (id != null && !ProfileParser.CONTROL_ID.matcher(id).matches()) {
      r.error(
          m.get("id").position(),
          "control id \""
              + id
              + "\" must look like SOURCE:ID (CIS-1.12:4.2.1, STIG:V-242391, SEED:1)");
    }
    String title = r.string(m, "title", what, true);
    Severity severity =
        Severity.byName(oneOf(m, "severity", what, Severity.names(), Severity.MEDIUM));
    Assessment assessment =
        Assessment.byName(oneOf(m, "assessment", what, Assessment.names(), Assessment.AUTOMATED));
    Scope scope = Scope.byName(oneOf(m, "scope", what, Scope.names(), Scope.NODE));
    List<Setting> settings = new ArrayList<>();
    List<Requirement> requirements = new ArrayList<>();
    List<String> forbid = new ArrayList<>();
    Node kubeletNode = m.get("kubelet");
    if (kubeletNode != null) {
      Node.MapNode k = r.map(kubeletNode, what + ".kubelet");
      if (k != null) {
        r.onlyKeys(k, List.of("config", "require", "forbidFlags"), what + ".kubelet");
        settings = kubelet.config(k.get("config"), what + ".kubelet.config");
        requirements = requirements(k.get("require"), settings, what);
        forbid = r.strings(k, "forbidFlags", what + ".kubelet");
        for (String f : forbid) {
          if (!KubeletFlags.WITHOUT_TWIN.contains(f) && !KubeletFlags.TWINS.containsKey(f)) {
            r.error(
                k.get("forbidFlags").position(),
                what
                    + ": unknown kubelet flag \""
                    + f
                    + "\""
                    + Suggestions.hint(f, KubeletReader.allFlags()));
          }
        }
      }
    }
    List<FileRule> files = FileRulesReader.read(r, m.get("files"), what);
    List<String> artifacts = r.strings(m, "artifacts", what);
    if (m.get("artifacts") instanceof Node.SeqNode artifactNodes) {
      for (Node item : artifactNodes.items()) {
        String a = item instanceof Node.Scalar s ? s.text() : "";
        if (!ProfileParser.ARTIFACTS.contains(a)) {
          r.error(
              item.position(),
              what
                  + ": unknown artifact \""
                  + a
                  + "\"; use one of "
                  + String.join(", ", ProfileParser.ARTIFACTS)
                  + Suggestions.hint(a, ProfileParser.ARTIFACTS));
        }
      }
    }
    String targets = r.string(m, "targets", what, false);
    if (targets != null && !targets.equals("required") && !targets.equals("best-effort")) {
      r.error(
          m.get("targets").position(),
          what + ": targets must be required or best-effort, not \"" + targets + "\"");
    }
    return new Control(
        id,
        title,
        severity,
        assessment,
        scope,
        r.string(m, "rationale", what, false),
        r.string(m, "impact", what, false),
        r.string(m, "correction", what, false),
        r.strings(m, "references", what),
        versions.read(m.get("kubernetesVersions"), what + ".kubernetesVersions"),
        settings,
        requirements,
        forbid,
        files,
        artifacts,
        "required".equals(targets),
        profileName,
        m.position());
  }

  /** The name a closed-set key spells, or the default's when it is missing or not allowed. */
  private String oneOf(
      Node.MapNode m, String key, String what, List<String> allowed, Object dfltValue) {
    String dflt = dfltValue.toString();
    String v = r.string(m, key, what, false);
    if (v == null) {
      return dflt;
    }
    if (!allowed.contains(v)) {
      r.error(
          m.get(key).position(),
          what
              + "."
              + key
              + " \""
              + v
              + "\" is not one of "
              + String.join(", ", allowed)
              + Suggestions.hint(v, allowed));
      return dflt;
    }
    return v;
  }

  /**
   * A control's requirements: one per value it sets (equal, present for variable references, absent
   * for null), then the explicit {@code require:} operators, a later one replacing an earlier one
   * on the same path.
   */
  private List<Requirement> requirements(Node node, List<Setting> settings, String what) {
    Map<String, Requirement> out = new LinkedHashMap<>();
    for (Setting s : settings) {
      if (s.value() instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String keyPath = s.path() + "." + e.getKey();
          out.put(
              keyPath, new Requirement(keyPath, Requirement.Op.EQUALS, e.getValue(), s.position()));
        }
      } else if (!(s.value() instanceof Setting.VarRef)) {
        out.put(
            s.path(),
            new Requirement(
                s.path(),
                s.value() == null ? Requirement.Op.ABSENT : Requirement.Op.EQUALS,
                s.value(),
                s.position()));
      } else {
        out.put(s.path(), new Requirement(s.path(), Requirement.Op.PRESENT, null, s.position()));
      }
    }
    if (node == null) {
      return List.copyOf(out.values());
    }
    Node.MapNode m = r.map(node, what + ".kubelet.require");
    if (m == null) {
      return List.copyOf(out.values());
    }
    for (Node.Entry e : m.entries().values()) {
      KubeletField f = schema.field(e.key());
      if (f == null || !f.type().isLeaf()) {
        r.error(
            e.keyPosition(),
            what
                + ".kubelet.require: unknown field \""
                + e.key()
                + "\""
                + Suggestions.hint(e.key(), leafPaths()));
        continue;
      }
      Node.MapNode opMap = r.map(e.value(), what + ".kubelet.require." + e.key());
      if (opMap == null) {
        continue;
      }
      if (opMap.entries().size() != 1) {
        r.error(
            opMap.position(),
            what + ".kubelet.require." + e.key() + " must hold exactly one operator");
        continue;
      }
      Node.Entry opEntry = opMap.entries().values().iterator().next();
      Requirement.Op op = Requirement.Op.byName(opEntry.key());
      if (op == null) {
        r.error(
            opEntry.keyPosition(),
            "unknown requirement \""
                + opEntry.key()
                + "\"; use one of "
                + String.join(", ", Requirement.Op.names())
                + Suggestions.hint(opEntry.key(), Requirement.Op.names()));
        continue;
      }
      Object value = requirementValue(f, op, opEntry.value());
      if (value != KubeletValues.INVALID) {
        out.put(e.key(), new Requirement(e.key(), op, value, opEntry.keyPosition()));
      }
    }
    return List.copyOf(out.values());
  }

  private Object requirementValue(KubeletField f, Requirement.Op op, Node node) {
    switch (op) {
      case PRESENT, ABSENT -> {
        if (!(node instanceof Node.Scalar s && s.plain() && "true".equals(s.text()))) {
          r.error(node.position(), op.yamlName() + " takes the value true");
          return KubeletValues.INVALID;
        }
        return null;
      }
      case ONE_OF -> {
        Node.SeqNode seq = r.seq(node, op.yamlName());
        if (seq == null) {
          return KubeletValues.INVALID;
        }
        List<Object> out = new ArrayList<>();
        for (Node item : seq.items()) {
          Object v = values.read(f, item);
          if (v == KubeletValues.INVALID) {
            return v;
          }
          out.add(v);
        }
        return List.copyOf(out);
      }
      case AT_LEAST -> {
        Long n = r.int64(node, "atLeast");
        return n == null ? KubeletValues.INVALID : n;
      }
      default -> {
        return values.read(f, node);
      }
    }
  }

  private List<String> leafPaths() {
    List<String> out = new ArrayList<>();
    schema.leaves().forEach(f -> out.add(f.path()));
    return out;
  }
}
