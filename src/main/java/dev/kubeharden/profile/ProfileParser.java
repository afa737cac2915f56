package dev.kubeharden.profile;

import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.model.Variable;
import dev.kubeharden.model.VersionRange;
import dev.kubeharden.yaml.NodeReader;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses one HardeningProfile document into a {@link Profile}, reporting every problem with its
 * position.
 */
public final class ProfileParser {
  public static final String API_VERSION = "kubeharden.dev/v1alpha1";
  public static final String KIND = "HardeningProfile";

  /** Profile names become file and branch names: lower-case, digits, '-' and '.', no "..". */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

  public static final Pattern CONTROL_ID =
      Pattern.compile("[A-Z][A-Z0-9]*(-[0-9][0-9.]*)?:[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");
  private static final Pattern MODE = Pattern.compile("0[0-7]{3}");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final Pattern VAR_REF = Pattern.compile("\\$\\{([^}]*)\\}");

  private static final List<String> TOP_KEYS =
      List.of(
          "apiVersion",
          "kind",
          "metadata",
          "extends",
          "kubernetesVersions",
          "variables",
          "values",
          "controls",
          "disable",
          "kubelet",
          "cluster",
          "warnings");
  private static final List<String> METADATA_KEYS = List.of("name", "title", "description");
  private static final List<String> CONTROL_KEYS =
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
          "artifacts");

  /** Control-plane and cluster artifacts a control can be satisfied by. */
  public static final List<String> ARTIFACTS =
      List.of("auditPolicy", "apiServerFlags", "admissionConfiguration", "namespaces", "rbac");

  private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  private static final List<String> ASSESSMENTS = List.of("automated", "manual");
  private static final List<String> SCOPES = List.of("node", "control-plane", "cluster", "process");
  private static final List<String> VARIABLE_TYPES =
      List.of("string", "path", "integer", "boolean", "duration", "quantity", "stringList");

  private final List<Problem> problems = new ArrayList<>();
  private final NodeReader r = new NodeReader(problems);
  private final KubeletValues values = new KubeletValues(problems);
  private final KubeletSchema schema = KubeletSchema.get();

  private ProfileParser() {}

  /**
   * Parses profile text. {@code source} is what errors name; {@code directory} resolves relative
   * parents (null for shipped profiles).
   */
  public static Profile parse(String source, String text, String directory, boolean shipped) {
    Node root = YamlLoader.load(source, text);
    ProfileParser p = new ProfileParser();
    Profile profile = p.profile(root, source, directory, shipped);
    if (!p.problems.isEmpty()) {
      throw YamlLoader.inFileOrder(p.problems, text);
    }
    return profile;
  }

  private Profile profile(Node root, String source, String directory, boolean shipped) {
    Node.MapNode m = r.map(root, "a profile");
    if (m == null) {
      return null;
    }
    r.onlyKeys(m, TOP_KEYS, "HardeningProfile");
    expectConst(m, "apiVersion", API_VERSION);
    expectConst(m, "kind", KIND);
    String name = null;
    String title = null;
    String description = null;
    Node metaNode = m.get("metadata");
    if (metaNode == null) {
      r.error(m.position(), "profile is missing required key \"metadata\"");
    } else {
      Node.MapNode meta = r.map(metaNode, "metadata");
      if (meta != null) {
        r.onlyKeys(meta, METADATA_KEYS, "metadata");
        name = r.string(meta, "name", "metadata", true);
        if ((name != null && !NAME.matcher(name).matches())
            || (name != null && name.contains(".."))) {
          r.error(
              meta.get("name").position(),
              "metadata.name \""
                  + name
                  + "\" must be lower-case letters, digits, '-' and '.' (at most 63)");
        }
        title = r.string(meta, "title", "metadata", false);
        description = r.string(meta, "description", "metadata", false);
      }
    }
    List<Profile.Ref> parents = new ArrayList<>();
    Node ext = m.get("extends");
    if (ext != null) {
      Node.SeqNode seq = r.seq(ext, "extends");
      if (seq != null) {
        for (Node item : seq.items()) {
          String ref = r.scalarString(item, "extends[]");
          if (ref != null) {
            parents.add(new Profile.Ref(ref, item.position()));
          }
        }
      }
    }
    VersionRange versions = versions(m.get("kubernetesVersions"), "kubernetesVersions");
    Map<String, Variable> variables = variables(m.get("variables"));
    Map<String, Node> vals = values(m.get("values"));
    String profileName = name == null ? source : name;
    List<Control> controls = controls(m.get("controls"), profileName);
    List<Disable> disabled = disabled(m.get("disable"), profileName);
    List<Setting> settings = new ArrayList<>();
    Map<String, String> flags = new LinkedHashMap<>();
    Node kubelet = m.get("kubelet");
    if (kubelet != null) {
      Node.MapNode k = r.map(kubelet, "kubelet");
      if (k != null) {
        r.onlyKeys(k, List.of("config", "flags"), "kubelet");
        settings = kubeletConfig(k.get("config"), "kubelet.config");
        flags = flags(k.get("flags"));
      }
    }
    List<String> warnings = r.strings(m, "warnings", "profile");
    Node cluster = m.get("cluster");
    new ClusterSectionParser(problems, null).parse(cluster);
    return new Profile(
        name,
        title,
        description,
        source,
        directory,
        shipped,
        parents,
        versions,
        variables,
        vals,
        controls,
        disabled,
        settings,
        flags,
        cluster,
        warnings,
        m.position());
  }

  private void expectConst(Node.MapNode m, String key, String expected) {
    String v = r.string(m, key, "profile", true);
    if (v != null && !v.equals(expected)) {
      r.error(m.get(key).position(), key + " must be \"" + expected + "\" (got \"" + v + "\")");
    }
  }

  VersionRange versions(Node node, String what) {
    if (node == null) {
      return VersionRange.ALL;
    }
    Node.MapNode m = r.map(node, what);
    if (m == null) {
      return VersionRange.ALL;
    }
    r.onlyKeys(m, List.of("min", "max"), what);
    KubeVersion min = version(m.get("min"), what + ".min");
    KubeVersion max = version(m.get("max"), what + ".max");
    if (min != null && max != null && min.compareTo(max) > 0) {
      r.error(m.position(), what + ": min " + min + " is above max " + max);
    }
    return new VersionRange(min, max);
  }

  private KubeVersion version(Node n, String what) {
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s && !s.isNull()) {
      KubeVersion v = KubeVersion.parseOrNull(s.text());
      if (v != null && "float".equals(s.tag()) && s.plain() && s.text().matches("1\\.\\d0")) {
        r.error(
            n.position(),
            what
                + ": quote the version (\""
                + s.text()
                + "\"), YAML reads "
                + s.text()
                + " as a number");
        return null;
      }
      if (v != null) {
        return v;
      }
    }
    r.error(n.position(), what + " must be a Kubernetes minor such as \"1.34\"");
    return null;
  }

  private Map<String, Variable> variables(Node node) {
    Map<String, Variable> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, "variables");
    if (m == null) {
      return out;
    }
    for (Node.Entry e : m.entries().values()) {
      if (!VARIABLE_NAME.matcher(e.key()).matches()) {
        r.error(
            e.keyPosition(),
            "variable name \"" + e.key() + "\" must be letters and digits, camelCase");
        continue;
      }
      Node.MapNode v = r.map(e.value(), "variables." + e.key());
      if (v == null) {
        continue;
      }
      String what = "variables." + e.key();
      r.onlyKeys(v, List.of("type", "default", "description"), what);
      String type = r.string(v, "type", what, true);
      if (type != null && !VARIABLE_TYPES.contains(type)) {
        r.error(
            v.get("type").position(),
            what
                + ".type \""
                + type
                + "\" is not one of "
                + String.join(", ", VARIABLE_TYPES)
                + Suggestions.hint(type, VARIABLE_TYPES));
        type = null;
      }
      Node def = v.get("default");
      if (def == null) {
        r.error(v.position(), what + " is missing required key \"default\"");
      } else if (type != null) {
        checkVariableValue(type, def, what + ".default");
      }
      out.put(
          e.key(),
          new Variable(
              e.key(), type, def, r.string(v, "description", what, false), e.keyPosition()));
    }
    return out;
  }

  /** Checks a variable value against its declared type. */
  void checkVariableValue(String type, Node value, String what) {
    boolean ok =
        switch (type) {
          case "string", "path", "duration", "quantity" ->
              value instanceof Node.Scalar s && (!s.plain() || "str".equals(s.tag()));
          case "integer" -> value instanceof Node.Scalar s && s.plain() && "int".equals(s.tag());
          case "boolean" -> value instanceof Node.Scalar s && s.plain() && "bool".equals(s.tag());
          case "stringList" -> value instanceof Node.SeqNode;
          default -> true;
        };
    if (!ok) {
      r.error(value.position(), what + " must be " + article(type) + ", not " + value.describe());
    } else if ("path".equals(type) && value instanceof Node.Scalar s && !s.text().startsWith("/")) {
      r.error(value.position(), what + " must be an absolute path (got \"" + s.text() + "\")");
    }
  }

  /** "an integer", "a string". */
  static String article(String type) {
    return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }

  private Map<String, Node> values(Node node) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, "values");
    if (m != null) {
      for (Node.Entry e : m.entries().values()) {
        out.put(e.key(), e.value());
      }
    }
    return out;
  }

  private List<Control> controls(Node node, String profileName) {
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
    r.onlyKeys(m, CONTROL_KEYS, what);
    if (id != null && !CONTROL_ID.matcher(id).matches()) {
      r.error(
          m.get("id").position(),
          "control id \""
              + id
              + "\" must look like SOURCE:ID (CIS-1.12:4.2.1, STIG:V-242391, SEED:1)");
    }
    String title = r.string(m, "title", what, true);
    String severity = oneOf(m, "severity", what, SEVERITIES, "medium");
    String assessment = oneOf(m, "assessment", what, ASSESSMENTS, "automated");
    String scope = oneOf(m, "scope", what, SCOPES, "node");
    List<Setting> settings = new ArrayList<>();
    List<Requirement> requirements = new ArrayList<>();
    List<String> forbid = new ArrayList<>();
    Node kubelet = m.get("kubelet");
    if (kubelet != null) {
      Node.MapNode k = r.map(kubelet, what + ".kubelet");
      if (k != null) {
        r.onlyKeys(k, List.of("config", "require", "forbidFlags"), what + ".kubelet");
        settings = kubeletConfig(k.get("config"), what + ".kubelet.config");
        requirements = requirements(k.get("require"), settings, what);
        forbid = r.strings(k, "forbidFlags", what + ".kubelet");
        for (int i = 0; i < forbid.size(); i++) {
          String f = forbid.get(i);
          if (!KubeletFlags.WITHOUT_TWIN.contains(f) && !KubeletFlags.TWINS.containsKey(f)) {
            r.error(
                k.get("forbidFlags").position(),
                what + ": unknown kubelet flag \"" + f + "\"" + Suggestions.hint(f, allFlags()));
          }
        }
      }
    }
    List<FileRule> files = files(m.get("files"), what);
    List<String> artifacts = r.strings(m, "artifacts", what);
    if (m.get("artifacts") instanceof Node.SeqNode artifactNodes) {
      for (Node item : artifactNodes.items()) {
        String a = item instanceof Node.Scalar s ? s.text() : "";
        if (!ARTIFACTS.contains(a)) {
          r.error(
              item.position(),
              what
                  + ": unknown artifact \""
                  + a
                  + "\"; use one of "
                  + String.join(", ", ARTIFACTS)
                  + Suggestions.hint(a, ARTIFACTS));
        }
      }
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
        versions(m.get("kubernetesVersions"), what + ".kubernetesVersions"),
        settings,
        requirements,
        forbid,
        files,
        artifacts,
        profileName,
        m.position());
  }

  private String oneOf(Node.MapNode m, String key, String what, List<String> allowed, String dflt) {
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
        if (node instanceof Node.Scalar s && s.plain() && "int".equals(s.tag())) {
          return Long.parseLong(s.text());
        }
        r.error(node.position(), "atLeast takes an integer");
        return KubeletValues.INVALID;
      }
      default -> {
        return values.read(f, node);
      }
    }
  }

  private List<FileRule> files(Node node, String what) {
    List<FileRule> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(node, what + ".files");
    if (seq == null) {
      return out;
    }
    for (Node item : seq.items()) {
      Node.MapNode m = r.map(item, what + ".files[]");
      if (m == null) {
        continue;
      }
      r.onlyKeys(m, List.of("path", "mode", "owner", "group"), what + ".files[]");
      String path = r.string(m, "path", what + ".files[]", true);
      String mode = r.string(m, "mode", what + ".files[]", true);
      String owner = r.string(m, "owner", what + ".files[]", false);
      String group = r.string(m, "group", what + ".files[]", false);
      if (path != null && !SafePaths.isAbsoluteNormal(path) && !VAR_REF.matcher(path).matches()) {
        r.error(
            m.get("path").position(),
            "file path \"" + path + "\" must be absolute, without \"..\" or spaces");
      }
      if (mode != null && !MODE.matcher(mode).matches()) {
        r.error(
            m.get("mode").position(),
            "mode \"" + mode + "\" must be four octal digits such as \"0600\"");
      }
      for (String u : new String[] {owner, group}) {
        if (u != null && !USER.matcher(u).matches()) {
          r.error(m.position(), "\"" + u + "\" is not a valid user or group name");
        }
      }
      out.add(
          new FileRule(
              path,
              mode,
              owner == null ? "root" : owner,
              group == null ? "root" : group,
              m.position()));
    }
    return out;
  }

  private List<Disable> disabled(Node node, String profileName) {
    List<Disable> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(node, "disable");
    if (seq == null) {
      return out;
    }
    for (Node item : seq.items()) {
      Node.MapNode m = r.map(item, "disable[]");
      if (m == null) {
        continue;
      }
      r.onlyKeys(m, List.of("control", "reason"), "disable[]");
      String id = r.string(m, "control", "disable[]", true);
      String reason = r.string(m, "reason", "disable[]", true);
      if (reason != null && reason.isBlank()) {
        r.error(m.get("reason").position(), "disable[]: the reason must not be empty");
      }
      if (id != null) {
        out.add(new Disable(id, reason, profileName, r.keyPosition(m, "control")));
      }
    }
    return out;
  }

  /**
   * Reads a KubeletConfiguration mapping outside a profile (an inventory's node pool), validated
   * exactly like a profile's {@code kubelet.config}; problems are added to {@code out}.
   */
  public static List<Setting> kubeletConfig(Node node, String what, List<Problem> out) {
    ProfileParser p = new ProfileParser();
    List<Setting> settings = p.kubeletConfig(node, what);
    out.addAll(p.problems);
    return settings;
  }

  /**
   * Reads a (partial) KubeletConfiguration mapping into settings; variable references are kept for
   * later.
   */
  List<Setting> kubeletConfig(Node node, String what) {
    List<Setting> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, what);
    if (m == null) {
      return out;
    }
    Node.MapNode withoutRefs = collectRefs(m, "", out);
    Map<String, KubeletValues.Located> read = values.readObject(withoutRefs, "");
    for (Map.Entry<String, KubeletValues.Located> e : read.entrySet()) {
      out.add(new Setting(e.getKey(), e.getValue().value(), e.getValue().position()));
    }
    out.sort((a, b) -> Integer.compare(order(a.path()), order(b.path())));
    return out;
  }

  private int order(String path) {
    KubeletField f = schema.field(path);
    return f == null ? Integer.MAX_VALUE : f.order();
  }

  /**
   * Moves leaves whose scalar text names a variable into settings holding a {@link Setting.VarRef}.
   */
  private Node.MapNode collectRefs(Node.MapNode m, String prefix, List<Setting> out) {
    Map<String, Node.Entry> kept = new LinkedHashMap<>();
    for (Node.Entry e : m.entries().values()) {
      String path = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
      KubeletField f = schema.field(path);
      if (f != null
          && e.value() instanceof Node.Scalar s
          && s.text().contains("${")
          && f.type().isLeaf()) {
        java.util.regex.Matcher vm = VAR_REF.matcher(s.text());
        boolean ok = true;
        while (vm.find()) {
          if (!VARIABLE_NAME.matcher(vm.group(1)).matches()) {
            r.error(s.position(), "\"${" + vm.group(1) + "}\" is not a variable reference");
            ok = false;
          }
        }
        if (ok) {
          out.add(new Setting(path, new Setting.VarRef(s.text(), s), s.position()));
        }
        continue;
      }
      if (f != null
          && f.type() == dev.kubeharden.kubelet.FieldType.OBJECT
          && e.value() instanceof Node.MapNode child) {
        kept.put(e.key(), new Node.Entry(e.key(), e.keyPosition(), collectRefs(child, path, out)));
        continue;
      }
      kept.put(e.key(), e);
    }
    return new Node.MapNode(kept, m.position());
  }

  private Map<String, String> flags(Node node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, "kubelet.flags");
    if (m == null) {
      return out;
    }
    for (Node.Entry e : m.entries().values()) {
      String flag = e.key().startsWith("--") ? e.key().substring(2) : e.key();
      if (KubeletFlags.MANAGED.contains(flag)) {
        r.error(e.keyPosition(), "--" + flag + " is written by kubeharden itself; remove it");
        continue;
      }
      if (KubeletFlags.TWINS.containsKey(flag)) {
        r.error(
            e.keyPosition(),
            "--"
                + flag
                + " overrides the config file; set kubelet.config."
                + KubeletFlags.TWINS.get(flag)
                + " instead");
        continue;
      }
      if (!KubeletFlags.WITHOUT_TWIN.contains(flag)) {
        r.error(
            e.keyPosition(),
            "unknown kubelet flag \"--" + flag + "\"" + Suggestions.hint(flag, allFlags()));
        continue;
      }
      if (!(e.value() instanceof Node.Scalar s) || s.isNull()) {
        r.error(e.value().position(), "--" + flag + " must have a scalar value");
        continue;
      }
      if (s.text().contains("\n") || s.text().contains("\"") || s.text().contains("\\")) {
        r.error(
            s.position(),
            "--" + flag + ": the value must not hold newlines, quotes or backslashes");
        continue;
      }
      out.put(flag, s.text());
    }
    return out;
  }

  private static Set<String> allFlags() {
    Set<String> all = new TreeSet<>(KubeletFlags.WITHOUT_TWIN);
    all.addAll(KubeletFlags.TWINS.keySet());
    return all;
  }

  private List<String> leafPaths() {
    List<String> out = new ArrayList<>();
    schema.leaves().forEach(f -> out.add(f.path()));
    return out;
  }
}
