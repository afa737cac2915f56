package dev.kubeharden.fleet;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.profile.ExceptionReader;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileParser;
import dev.kubeharden.yaml.InputFiles;
import dev.kubeharden.yaml.NodeReader;
import dev.kubeharden.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses an {@code Inventory} file strictly: unknown keys, wrong kinds, names that are not DNS-1123
 * labels (they become directories), duplicate cluster and pool names, unsupported versions, unknown
 * profiles, pool kubelet settings (validated like a profile's {@code kubelet.config}) and
 * exceptions (defaults, cluster and pool) without a reason or with a bad {@code expires} date.
 * Every problem is collected and thrown together, in file order.
 */
public final class InventoryParser {
  public static final String KIND = "Inventory";

  /**
   * Directories a cluster's output holds besides its pools (control-plane and cluster artifacts).
   */
  public static final List<String> RESERVED_POOL_NAMES = List.of("control-plane", "cluster");

  /** A DNS-1123 label: what Kubernetes accepts as a name and what is safe as one directory. */
  public static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");
  private static final List<String> TOP_KEYS =
      List.of("apiVersion", "kind", "defaults", "clusters", "waves");
  private static final List<String> DEFAULTS_KEYS =
      List.of("profiles", "kubernetesVersion", "variables", "targets", "exceptions");
  private static final List<String> CLUSTER_KEYS =
      List.of(
          "name",
          "kubernetesVersion",
          "profiles",
          "variables",
          "targets",
          "exceptions",
          "nodePools");
  private static final List<String> POOL_KEYS = List.of("name", "kubelet", "exceptions");

  private final List<Problem> problems = new ArrayList<>();
  private final NodeReader r = new NodeReader(problems);
  private final String source;
  private final Path baseDir;
  private final ProfileCatalog catalog;

  private InventoryParser(String source, Path baseDir, ProfileCatalog catalog) {
    this.source = source;
    this.baseDir = baseDir;
    this.catalog = catalog;
  }

  /**
   * Reads and parses an inventory file; relative profile paths are resolved against its directory.
   */
  public static Inventory read(Path file, ProfileCatalog catalog) {
    String name = file.toString();
    if (!Files.exists(file)) {
      throw InvalidInputException.of(Position.of(name), "inventory file does not exist");
    }
    String text = InputFiles.read(file, "inventory", Position.of(name));
    InputFiles.requireDocument(name, text, "a kubeharden inventory");
    Path dir = file.toAbsolutePath().normalize().getParent();
    return parse(name, text, dir, catalog);
  }

  public static Inventory parse(String source, String text, Path baseDir, ProfileCatalog catalog) {
    Node root = YamlLoader.load(source, text);
    InventoryParser p = new InventoryParser(source, baseDir, catalog);
    Inventory inv = p.inventory(root);
    if (!p.problems.isEmpty()) {
      throw YamlLoader.inFileOrder(p.problems, text);
    }
    return inv;
  }

  private Inventory inventory(Node root) {
    Node.MapNode m = r.map(root, "an inventory");
    if (m == null) {
      return null;
    }
    r.onlyKeys(m, TOP_KEYS, KIND);
    constant(m, "apiVersion", ProfileParser.API_VERSION);
    constant(m, "kind", KIND);
    KubeVersion version = KubeVersion.DEFAULT;
    List<String> profiles = List.of();
    List<String> targets = List.of(dev.kubeharden.target.Targets.NODE);
    Map<String, Node> variables = new LinkedHashMap<>();
    List<Disable> exceptions = List.of();
    Node defaultsNode = m.get("defaults");
    if (defaultsNode != null) {
      Node.MapNode d = r.map(defaultsNode, "defaults");
      if (d != null) {
        r.onlyKeys(d, DEFAULTS_KEYS, "defaults");
        KubeVersion v = version(d, "defaults");
        version = v == null ? version : v;
        profiles = d.get("profiles") == null ? profiles : profiles(d, "defaults");
        targets = d.get("targets") == null ? targets : targets(d, "defaults");
        variables = variables(d.get("variables"), "defaults.variables");
        exceptions = exceptions(d.get("exceptions"), "defaults.exceptions");
      }
    }
    List<Inventory.Cluster> clusters = new ArrayList<>();
    Node clustersNode = m.get("clusters");
    if (clustersNode == null) {
      r.error(m.position(), "inventory is missing required key \"clusters\"");
      return null;
    }
    Node.SeqNode seq = r.seq(clustersNode, "clusters");
    if (seq == null) {
      return null;
    }
    if (seq.items().isEmpty()) {
      r.error(seq.position(), "clusters must list at least one cluster");
    }
    Map<String, Position> names = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      Inventory.Cluster c =
          cluster(
              seq.items().get(i),
              "clusters[" + i + "]",
              version,
              profiles,
              targets,
              variables,
              exceptions,
              names);
      if (c != null) {
        clusters.add(c);
      }
    }
    return new Inventory(source, clusters, WavesReader.read(m.get("waves"), clusters, r));
  }

  private Inventory.Cluster cluster(
      Node node,
      String what,
      KubeVersion defaultVersion,
      List<String> defaultProfiles,
      List<String> defaultTargets,
      Map<String, Node> defaultVariables,
      List<Disable> defaultExceptions,
      Map<String, Position> names) {
    Node.MapNode m = r.map(node, what);
    if (m == null) {
      return null;
    }
    r.onlyKeys(m, CLUSTER_KEYS, "cluster");
    String name = name(m, what, "cluster", names, "");
    KubeVersion v = version(m, what);
    List<String> profiles = m.get("profiles") == null ? defaultProfiles : profiles(m, what);
    List<String> targets = m.get("targets") == null ? defaultTargets : targets(m, what);
    Map<String, Node> variables = new LinkedHashMap<>(defaultVariables);
    variables.putAll(variables(m.get("variables"), what + ".variables"));
    List<Disable> exceptions = new ArrayList<>(defaultExceptions);
    exceptions.addAll(exceptions(m.get("exceptions"), what + ".exceptions"));
    List<Inventory.NodePool> pools = new ArrayList<>();
    Node poolsNode = m.get("nodePools");
    if (poolsNode == null) {
      r.error(m.position(), what + " is missing required key \"nodePools\"");
    } else {
      Node.SeqNode seq = r.seq(poolsNode, what + ".nodePools");
      if (seq != null) {
        if (seq.items().isEmpty()) {
          r.error(seq.position(), what + ".nodePools must list at least one node pool");
        }
        Map<String, Position> poolNames = new HashMap<>();
        String in = name == null ? "" : " in cluster " + name;
        for (int i = 0; i < seq.items().size(); i++) {
          Inventory.NodePool p =
              pool(seq.items().get(i), what + ".nodePools[" + i + "]", poolNames, in);
          if (p != null) {
            pools.add(p);
          }
        }
      }
    }
    if (name == null) {
      return null;
    }
    return new Inventory.Cluster(
        name,
        v == null ? defaultVersion : v,
        profiles,
        variables,
        pools,
        targets,
        exceptions,
        m.position());
  }

  /** A targets list: names generate --target accepts, each once. */
  private List<String> targets(Node.MapNode m, String what) {
    List<String> out = new ArrayList<>();
    Node n = m.get("targets");
    Node.SeqNode seq = r.seq(n, what + ".targets");
    if (seq == null) {
      return List.of(dev.kubeharden.target.Targets.NODE);
    }
    List<String> known = dev.kubeharden.target.Targets.names();
    for (Node item : seq.items()) {
      String t = r.scalarString(item, what + ".targets[]");
      if (t == null) {
        continue;
      }
      if (!known.contains(t)) {
        r.error(item.position(), unknown("target", t, known, "targets", String.join(", ", known)));
      } else if (out.contains(t)) {
        r.error(item.position(), "target \"" + t + "\" is listed twice");
      } else {
        out.add(t);
      }
    }
    if (out.isEmpty() && seq.items().isEmpty()) {
      r.error(seq.position(), what + ".targets must list at least one target");
    }
    return out.isEmpty() ? List.of(dev.kubeharden.target.Targets.NODE) : out;
  }

  private Inventory.NodePool pool(Node node, String what, Map<String, Position> names, String in) {
    Node.MapNode m = r.map(node, what);
    if (m == null) {
      return null;
    }
    r.onlyKeys(m, POOL_KEYS, "node pool");
    String name = name(m, what, "node pool", names, in);
    List<Setting> kubelet = List.of();
    Node k = m.get("kubelet");
    if (k != null) {
      Node.MapNode km = r.map(k, what + ".kubelet");
      if (km != null) {
        r.onlyKeys(km, List.of("config"), what + ".kubelet");
        kubelet = ProfileParser.kubeletConfig(km.get("config"), what + ".kubelet.config", problems);
      }
    }
    List<Disable> exceptions = exceptions(m.get("exceptions"), what + ".exceptions");
    return name == null ? null : new Inventory.NodePool(name, kubelet, exceptions, m.position());
  }

  private String name(
      Node.MapNode m, String what, String kind, Map<String, Position> names, String in) {
    String name = r.string(m, "name", what, true);
    if (name == null) {
      return null;
    }
    Position pos = m.get("name").position();
    if (!DNS_LABEL.matcher(name).matches()) {
      r.error(
          pos,
          kind
              + " name \""
              + name
              + "\" must be a DNS-1123 label (lower-case letters, digits and '-', starting and"
              + " ending with a letter or digit, at most 63 characters): it names a directory");
      return null;
    }
    if (kind.equals("node pool") && RESERVED_POOL_NAMES.contains(name)) {
      r.error(
          pos,
          "node pool name \""
              + name
              + "\" is reserved: out/<cluster>/"
              + name
              + "/ holds the cluster's own"
              + " artifacts");
      return null;
    }
    Position first = names.putIfAbsent(name, pos);
    if (first != null) {
      r.error(
          pos,
          "duplicate "
              + kind
              + " name \""
              + name
              + "\""
              + in
              + " (first defined at line "
              + first.line()
              + ")");
      return null;
    }
    return name;
  }

  private KubeVersion version(Node.MapNode m, String what) {
    Node n = m.get("kubernetesVersion");
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s
        && s.plain()
        && ("float".equals(s.tag()) || "int".equals(s.tag()))) {
      r.error(
          n.position(),
          what
              + ".kubernetesVersion must be a quoted string such as \"1.34\", not a number (1.30 unquoted reads"
              + " as 1.3)");
      return null;
    }
    String text = r.scalarString(n, what + ".kubernetesVersion");
    if (text == null) {
      return null;
    }
    KubeVersion v = KubeVersion.parseOrNull(text);
    if (v == null || !v.isSupported()) {
      r.error(
          n.position(),
          what
              + ".kubernetesVersion must be a supported Kubernetes minor, "
              + KubeVersion.OLDEST_SUPPORTED
              + " to "
              + KubeVersion.NEWEST_SUPPORTED
              + " (got \""
              + text
              + "\")");
      return null;
    }
    return v;
  }

  private List<String> profiles(Node.MapNode m, String what) {
    Node n = m.get("profiles");
    List<String> out = new ArrayList<>();
    Node.SeqNode seq = r.seq(n, what + ".profiles");
    if (seq == null) {
      return out;
    }
    if (seq.items().isEmpty()) {
      r.error(n.position(), what + ".profiles must name at least one profile");
    }
    for (Node item : seq.items()) {
      String ref = r.scalarString(item, what + ".profiles[]");
      if (ref == null) {
        continue;
      }
      if (ProfileCatalog.looksLikePath(ref)) {
        Path p = baseDir == null ? Path.of(ref) : baseDir.resolve(ref).normalize();
        if (!Files.isRegularFile(p)) {
          r.error(
              item.position(),
              "profile file " + ref + " does not exist (paths are relative to the inventory)");
          continue;
        }
        out.add(p.toString());
      } else if (!ProfileCatalog.CIS_ALIAS.equals(ref) && !ProfileCatalog.isShipped(ref)) {
        List<String> shippedNames = catalog.shippedNames();
        List<String> candidates = new ArrayList<>(shippedNames);
        candidates.add(ProfileCatalog.CIS_ALIAS);
        r.error(
            item.position(),
            unknown(
                "profile", ref, candidates, "shipped", String.join(", ", shippedNames) + ", cis"));
      } else {
        out.add(ref);
      }
    }
    return out;
  }

  private Map<String, Node> variables(Node node, String what) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, what);
    if (m == null) {
      return out;
    }
    for (Node.Entry e : m.entries().values()) {
      if (!VARIABLE_NAME.matcher(e.key()).matches()) {
        r.error(e.keyPosition(), what + ": \"" + e.key() + "\" is not a variable name");
        continue;
      }
      if (e.value() instanceof Node.MapNode) {
        r.error(
            e.value().position(),
            "variable " + e.key() + " must be a string, number, boolean or list, not a mapping");
        continue;
      }
      out.put(e.key(), e.value());
    }
    return out;
  }

  private List<Disable> exceptions(Node node, String what) {
    return ExceptionReader.read(
        r, node, what, new ExceptionReader.Grammar("exception", FleetLayer.NAME, true, true));
  }

  private void constant(Node.MapNode m, String key, String expected) {
    String v = r.string(m, key, "inventory", true);
    if (v != null && !v.equals(expected)) {
      r.error(m.get(key).position(), key + " must be \"" + expected + "\" (got \"" + v + "\")");
    }
  }

  /**
   * {@code unknown KIND "VALUE"}, a did-you-mean among {@code candidates}, and what is known, as
   * {@code (LABEL: LISTED)}.
   */
  private static String unknown(
      String kind, String value, List<String> candidates, String label, String listed) {
    return "unknown "
        + kind
        + " \""
        + value
        + "\""
        + Suggestions.hint(value, candidates)
        + " ("
        + label
        + ": "
        + listed
        + ")";
  }
}
