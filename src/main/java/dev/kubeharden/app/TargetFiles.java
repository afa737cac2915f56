package dev.kubeharden.app;

import dev.kubeharden.controlplane.ClusterDocuments;
import dev.kubeharden.controlplane.Rbac;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.model.Facts;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.yaml.YamlLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files {@code generate --target} writes, for {@code validate}: each is recognised by its kind
 * (or, for files without one, by its shape), loaded, and the KubeletConfiguration it carries is
 * checked as validate checks a KubeletConfiguration file (schema and kubelet validation for the
 * minor), at the file's own lines. Fields under a target's own names (kOps, Kubespray) must be
 * names that target knows ({@code facts/targets/}).
 */
final class TargetFiles {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern RANCHER_KEY = Pattern.compile("[a-z][a-z0-9-]*\\+?");
  private static final Pattern VARIABLE = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern KUBELET_ARG = Pattern.compile("([a-z][a-z0-9-]*)=(.*)");
  private static final Set<String> KOPS_FIELDS = column("targets/kops-kubelet.tsv", 0);
  private static final Set<String> KUBESPRAY_VARIABLES = kubesprayVariables();

  private TargetFiles() {}

  /**
   * The kind validated when {@code text} is a target file without apiVersion and kind (the EKS user
   * data, a Talos machine config patch, Kubespray group_vars, an rke2 or k3s config.yaml.d
   * drop-in); null when it is none of them.
   */
  static String withoutKind(Path file, String text, KubeVersion version) {
    String name = file.toString();
    if (text.lines().anyMatch(l -> l.equals("MIME-Version: 1.0"))) {
      return mime(file, text, version);
    }
    if (text.contains("\napiVersion:") || text.startsWith("apiVersion:")) {
      return null;
    }
    Node root;
    try {
      root = YamlLoader.load(name, text);
    } catch (InvalidInputException e) {
      return null;
    }
    if (!(root instanceof Node.MapNode m) || m.entries().isEmpty()) {
      return null;
    }
    List<Problem> problems = new ArrayList<>();
    String kind;
    if (m.entries().keySet().equals(Set.of("machine"))) {
      Node extra = at(m, "machine", "kubelet", "extraConfig");
      if (extra == null) {
        return null;
      }
      kubelet(extra, text, version, problems);
      kind = "Talos machine config patch";
    } else if (m.entries().keySet().stream().allMatch(k -> VARIABLE.matcher(k).matches())
        && m.entries().keySet().stream().anyMatch(KUBESPRAY_VARIABLES::contains)) {
      kubespray(m, text, version, problems);
      kind = "Kubespray group_vars";
    } else if ((m.entries().containsKey("kubelet-arg") || m.entries().containsKey("kubelet-arg+"))
        && m.entries().keySet().stream().allMatch(k -> RANCHER_KEY.matcher(k).matches())) {
      rancher(m, version, problems);
      kind = "rke2/k3s config.yaml.d drop-in";
    } else {
      return null;
    }
    throwIfAny(problems, text);
    return kind;
  }

  /**
   * The kind validated when {@code m} is a target document with apiVersion and kind (Cluster API
   * templates, Talos KubeletConfig, k0s ClusterConfig, kOps Cluster, EKS NodeConfig); null when it
   * is none of them.
   */
  static String withKind(
      Path file, String text, Node.MapNode m, String apiVersion, String kind, KubeVersion v) {
    if (apiVersion == null || kind == null) {
      return null;
    }
    List<Problem> problems = new ArrayList<>();
    if (apiVersion.startsWith("bootstrap.cluster.x-k8s.io/")
        && kind.equals("KubeadmConfigTemplate")) {
      capiFiles(file, text, at(m, "spec", "template", "spec", "files"), v, problems);
    } else if (apiVersion.startsWith("controlplane.cluster.x-k8s.io/")
        && kind.equals("KubeadmControlPlane")) {
      capiFiles(file, text, at(m, "spec", "kubeadmConfigSpec", "files"), v, problems);
    } else if (apiVersion.equals("v1alpha1") && kind.equals("KubeletConfig")) {
      kubelet(m.get("config"), text, v, problems);
    } else if (apiVersion.startsWith("k0s.k0sproject.io/") && kind.equals("ClusterConfig")) {
      if (at(m, "spec", "workerProfiles") instanceof Node.SeqNode profiles) {
        for (Node p : profiles.items()) {
          kubelet(p instanceof Node.MapNode pm ? pm.get("values") : null, text, v, problems);
        }
      }
    } else if (apiVersion.startsWith("kops.k8s.io/") && kind.equals("Cluster")) {
      for (String spec : List.of("kubelet", "controlPlaneKubelet")) {
        known(at(m, "spec", spec), KOPS_FIELDS, "kOps KubeletConfigSpec field", problems);
      }
    } else if (apiVersion.startsWith("node.eks.aws/") && kind.equals("NodeConfig")) {
      kubelet(at(m, "spec", "kubelet", "config"), text, v, problems);
    } else {
      return null;
    }
    throwIfAny(problems, text);
    return kind;
  }

  /**
   * The EKS user data: a MIME multipart whose application/node.eks.aws parts are NodeConfig
   * documents, each checked at its own lines of the file.
   */
  private static String mime(Path file, String text, KubeVersion version) {
    Matcher b = BOUNDARY.matcher(text);
    if (!b.find()) {
      throw InvalidInputException.of(
          new dev.kubeharden.model.Position(file.toString(), 1, 1),
          "a MIME document without a multipart boundary");
    }
    String delimiter = "--" + b.group(1);
    List<String> lines = text.lines().toList();
    int parts = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).equals(delimiter)) {
        continue;
      }
      int j = i + 1;
      boolean nodeConfig = false;
      while (j < lines.size() && !lines.get(j).isEmpty()) {
        nodeConfig |= lines.get(j).equalsIgnoreCase("Content-Type: application/node.eks.aws");
        j++;
      }
      int end = j;
      while (end < lines.size() && !lines.get(end).startsWith(delimiter)) {
        end++;
      }
      if (nodeConfig) {
        parts++;
        String body = padded(lines, j + 1, end);
        List<Problem> problems = new ArrayList<>();
        for (Node d : YamlLoader.loadAll(file.toString(), body)) {
          if (!(d instanceof Node.MapNode dm) || !"NodeConfig".equals(ClusterDocuments.kind(dm))) {
            problems.add(Problem.error(d.position(), "a node.eks.aws part holds no NodeConfig"));
            continue;
          }
          kubelet(at(dm, "spec", "kubelet", "config"), text, version, problems);
        }
        throwIfAny(problems, text);
      }
      i = end - 1;
    }
    if (parts == 0) {
      throw InvalidInputException.of(
          new dev.kubeharden.model.Position(file.toString(), 1, 1),
          "a MIME document without an application/node.eks.aws part (nodeadm's NodeConfig)");
    }
    return "EKS user data (" + parts + " NodeConfig)";
  }

  /**
   * Cluster API files[]: a content that is a KubeletConfiguration or a document validate knows is
   * checked at its own lines of the file.
   */
  private static void capiFiles(
      Path file, String text, Node files, KubeVersion v, List<Problem> problems) {
    if (!(files instanceof Node.SeqNode seq)) {
      return;
    }
    List<String> lines = text.lines().toList();
    for (Node f : seq.items()) {
      if (!(f instanceof Node.MapNode fm) || !(fm.get("content") instanceof Node.Scalar c)) {
        continue;
      }
      // a block scalar's content starts on the line after its indicator, indented
      int first = c.position().line();
      int count = (int) c.text().lines().count();
      if (first + count > lines.size()) {
        continue;
      }
      String content = padded(lines, first, first + count);
      List<Node> docs;
      try {
        docs = YamlLoader.loadAll(file.toString(), content);
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
        continue;
      }
      for (Node d : docs) {
        String kind = ClusterDocuments.kind(d);
        if (KubeletSchema.KIND.equals(kind)) {
          kubelet(d, text, v, problems);
        } else if (ClusterDocuments.isKnown(kind)) {
          problems.addAll(ClusterDocuments.validate(List.of(d), Rbac.DEFAULT_KUBELET_CLIENT));
        }
      }
    }
  }

  private static void kubespray(
      Node.MapNode m, String text, KubeVersion v, List<Problem> problems) {
    for (Node.Entry e : m.entries().values()) {
      if (e.key().equals("kubelet_config_extra_args")) {
        kubelet(e.value(), text, v, problems);
      } else if (!KUBESPRAY_VARIABLES.contains(e.key())) {
        problems.add(
            Problem.error(
                e.keyPosition(),
                "unknown Kubespray variable "
                    + e.key()
                    + Suggestions.hint(e.key(), KUBESPRAY_VARIABLES)));
      }
    }
  }

  /** kubelet-arg entries are NAME=VALUE with a flag the kubelet of the minor registers. */
  private static void rancher(Node.MapNode m, KubeVersion v, List<Problem> problems) {
    for (String key : List.of("kubelet-arg", "kubelet-arg+")) {
      Node args = m.get(key);
      if (args == null) {
        continue;
      }
      if (!(args instanceof Node.SeqNode seq)) {
        problems.add(Problem.error(args.position(), key + " must be a list of NAME=VALUE strings"));
        continue;
      }
      for (Node a : seq.items()) {
        Matcher arg = a instanceof Node.Scalar s ? KUBELET_ARG.matcher(s.text()) : null;
        if (arg == null || !arg.matches()) {
          problems.add(Problem.error(a.position(), key + " entries are NAME=VALUE strings"));
        } else if (KubeletFlags.at(arg.group(1), v.minor()) == null) {
          problems.add(
              Problem.error(
                  a.position(),
                  "the kubelet of "
                      + v
                      + " has no flag --"
                      + arg.group(1)
                      + Suggestions.hint(arg.group(1), KubeletFlags.all().keySet())));
        }
      }
    }
  }

  private static void known(Node n, Set<String> names, String what, List<Problem> problems) {
    if (n instanceof Node.MapNode m) {
      for (Node.Entry e : m.entries().values()) {
        if (!names.contains(e.key())) {
          problems.add(
              Problem.error(
                  e.keyPosition(),
                  "unknown " + what + " " + e.key() + Suggestions.hint(e.key(), names)));
        }
      }
    }
  }

  /** The kubelet fields at {@code n}, checked as a KubeletConfiguration file's are. */
  private static void kubelet(Node n, String text, KubeVersion v, List<Problem> problems) {
    if (n == null) {
      return;
    }
    if (!(n instanceof Node.MapNode m)) {
      problems.add(Problem.error(n.position(), "the kubelet configuration must be a mapping"));
      return;
    }
    try {
      ValidateService.kubelet(m, text, v);
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
    }
  }

  /** Lines [from, to) of the file with blank lines before them, so positions are the file's. */
  private static String padded(List<String> lines, int from, int to) {
    StringBuilder sb = new StringBuilder("\n".repeat(from));
    for (int i = from; i < to; i++) {
      sb.append(lines.get(i)).append('\n');
    }
    return sb.toString();
  }

  private static Node at(Node n, String... keys) {
    Node cur = n;
    for (String k : keys) {
      if (!(cur instanceof Node.MapNode m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }

  private static void throwIfAny(List<Problem> problems, String text) {
    if (!problems.isEmpty()) {
      throw YamlLoader.inFileOrder(problems, text);
    }
  }

  private static Set<String> column(String facts, int column) {
    Set<String> out = new LinkedHashSet<>();
    for (String[] row : Facts.rows(facts)) {
      if (row.length > column) {
        out.add(row[column]);
      }
    }
    return out;
  }

  /** Every group_vars variable the Kubespray table names (its Jinja expressions included). */
  private static Set<String> kubesprayVariables() {
    Set<String> out = new LinkedHashSet<>();
    for (String[] row : Facts.rows("targets/kubespray-kubelet.tsv")) {
      if (row.length > 1) {
        Matcher m = VARIABLE.matcher(row[1]);
        while (m.find()) {
          out.add(m.group());
        }
      }
    }
    out.add("kubelet_config_extra_args");
    return out;
  }
}
