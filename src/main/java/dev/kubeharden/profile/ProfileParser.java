package dev.kubeharden.profile;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Variable;
import dev.kubeharden.model.VersionRange;
import dev.kubeharden.yaml.NodeReader;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses one HardeningProfile document into a {@link Profile}, reporting every problem with its
 * position. The top level is read here; each block has a small reader ({@link MetadataReader},
 * {@link VariablesReader}, {@link ControlsReader}, {@link KubeletReader}, {@link DisableReader},
 * {@link ClusterSectionParser}).
 */
public final class ProfileParser {
  public static final String API_VERSION = "kubeharden.dev/v1alpha1";
  public static final String KIND = "HardeningProfile";

  /** Profile names become file and branch names: lower-case, digits, '-' and '.', no "..". */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

  public static final Pattern CONTROL_ID =
      Pattern.compile("[A-Z][A-Z0-9]*(-[0-9][0-9.]*)?:[A-Za-z0-9][A-Za-z0-9._-]*");

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

  /** Control-plane and cluster artifacts a control can be satisfied by. */
  public static final List<String> ARTIFACTS =
      List.of("auditPolicy", "apiServerFlags", "admissionConfiguration", "namespaces", "rbac");

  private final List<Problem> problems = new ArrayList<>();
  private final NodeReader r = new NodeReader(problems);

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

  /**
   * Reads a KubeletConfiguration mapping outside a profile (an inventory's node pool), validated
   * exactly like a profile's {@code kubelet.config}; problems are added to {@code out}.
   */
  public static List<Setting> kubeletConfig(Node node, String what, List<Problem> out) {
    ProfileParser p = new ProfileParser();
    List<Setting> settings = new KubeletReader(p.r).config(node, what);
    out.addAll(p.problems);
    return settings;
  }

  /** The top level; each block has its reader. */
  private Profile profile(Node root, String source, String directory, boolean shipped) {
    Node.MapNode m = r.map(root, "a profile");
    if (m == null) {
      return null;
    }
    r.onlyKeys(m, TOP_KEYS, "HardeningProfile");
    expectConst(m, "apiVersion", API_VERSION);
    expectConst(m, "kind", KIND);
    MetadataReader meta = MetadataReader.read(r, m);
    List<Profile.Ref> parents = parents(m.get("extends"));
    VersionRange versions =
        new VersionsReader(r).read(m.get("kubernetesVersions"), "kubernetesVersions");
    VariablesReader variables = new VariablesReader(r);
    Map<String, Variable> declared = variables.variables(m.get("variables"));
    Map<String, Node> vals = variables.values(m.get("values"));
    String profileName = meta.name() == null ? source : meta.name();
    List<Control> controls = new ControlsReader(r).read(m.get("controls"), profileName);
    List<Disable> disabled = DisableReader.read(r, m.get("disable"), profileName);
    List<Setting> settings = new ArrayList<>();
    Map<String, String> flags = new LinkedHashMap<>();
    Node kubelet = m.get("kubelet");
    if (kubelet != null) {
      Node.MapNode k = r.map(kubelet, "kubelet");
      if (k != null) {
        r.onlyKeys(k, List.of("config", "flags"), "kubelet");
        KubeletReader reader = new KubeletReader(r);
        settings = reader.config(k.get("config"), "kubelet.config");
        flags = reader.flags(k.get("flags"));
      }
    }
    List<String> warnings = r.strings(m, "warnings", "profile");
    Node cluster = m.get("cluster");
    new ClusterSectionParser(problems, null).parse(cluster);
    return new Profile(
        meta.name(),
        meta.title(),
        meta.description(),
        source,
        directory,
        shipped,
        parents,
        versions,
        declared,
        vals,
        controls,
        disabled,
        settings,
        flags,
        cluster,
        warnings,
        m.position());
  }

  private List<Profile.Ref> parents(Node ext) {
    List<Profile.Ref> parents = new ArrayList<>();
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
    return parents;
  }

  private void expectConst(Node.MapNode m, String key, String expected) {
    String v = r.string(m, key, "profile", true);
    if (v != null && !v.equals(expected)) {
      r.error(m.get(key).position(), key + " must be \"" + expected + "\" (got \"" + v + "\")");
    }
  }
}
