package dev.kubeharden.render;

import dev.kubeharden.controlplane.ClusterDocuments;
import dev.kubeharden.controlplane.Rbac;
import dev.kubeharden.kubelet.KubeletValidator;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.ExitCode;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.KubehardenFailure;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses every generated file back and validates it before anything is written: the
 * KubeletConfiguration files against the schema and kubelet rules for the minor (and against the
 * resolved values), the systemd drop-in against the keys systemd knows, the sysctl and tmpfiles
 * lines against their formats.
 */
public final class BundleValidator {
  private static final Set<String> SERVICE_KEYS =
      Set.of("Environment", "ExecStart", "ExecStartPre", "EnvironmentFile");
  private static final Pattern SYSCTL = Pattern.compile("[a-z0-9_.]+ = [0-9]+");
  private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9-]*=[^\\s]+");
  private static final Pattern TMPFILES =
      Pattern.compile("z /\\S+ - [a-z_][a-z0-9_-]* [a-z_][a-z0-9_-]* -");

  private BundleValidator() {}

  /** The line-oriented files a bundle holds, checked as generate checks its own (for validate). */
  public enum LineFormat {
    SYSTEMD_DROPIN,
    SYSCTL,
    TMPFILES,
    APISERVER_FLAGS
  }

  /** The problems of a line-oriented bundle file, as {@link #validate} finds them. */
  public static List<Problem> check(LineFormat format, String path, String text) {
    List<Problem> out = new ArrayList<>();
    switch (format) {
      case SYSTEMD_DROPIN -> systemd(path, text, out);
      case SYSCTL -> lines(path, text, SYSCTL, out);
      case TMPFILES -> lines(path, text, TMPFILES, out);
      case APISERVER_FLAGS -> lines(path, text, FLAG, out);
    }
    return out;
  }

  /** Throws {@link GeneratedFileException} naming the file and line of the first problems found. */
  public static void validate(Bundle bundle, ResolvedProfile rp) {
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : bundle.files().entrySet()) {
      String path = e.getKey();
      String text = e.getValue();
      if (!text.endsWith("\n") || text.contains("\r")) {
        problems.add(
            Problem.error(
                Position.of(path), "generated file must use \\n line ends and end with one"));
      }
      if (path.endsWith(NodePaths.KUBELET_CONFIG)) {
        kubelet(path, text, rp, rp.config().keySet(), problems);
      } else if (path.endsWith(NodePaths.CONFIG_DROPIN)
          || path.equals(NodePaths.KUBEADM_KUBELET_CONFIGURATION)
          || path.equals(NodePaths.KUBEADM_KUBELET_PATCH)) {
        kubelet(path, text, rp, rp.hardening().keySet(), problems);
      } else if (path.endsWith(NodePaths.SYSTEMD_DROPIN)) {
        systemd(path, text, problems);
      } else if (path.endsWith(NodePaths.SYSCTL)) {
        lines(path, text, SYSCTL, problems);
      } else if (path.endsWith(NodePaths.TMPFILES)) {
        lines(path, text, TMPFILES, problems);
      } else if (path.equals(ClusterRenderer.FLAGS)) {
        lines(path, text, FLAG, problems);
      } else if (path.equals(ClusterRenderer.KUSTOMIZATION)) {
        kustomization(path, text, bundle, problems);
      } else if (path.startsWith("control-plane/") || path.startsWith("cluster/")) {
        cluster(path, text, rp, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new GeneratedFileException(problems);
    }
  }

  /**
   * Parses a generated KubeletConfiguration document back and validates it like the kubelet would
   * for the minor; every field in {@code expected} must read back as it was resolved, and no other
   * field may be present.
   */
  public static List<Problem> kubeletDocument(
      String path, String text, ResolvedProfile rp, java.util.Collection<String> expected) {
    List<Problem> out = new ArrayList<>();
    kubelet(path, text, rp, expected, out);
    return out;
  }

  private static void kubelet(
      String path,
      String text,
      ResolvedProfile rp,
      java.util.Collection<String> expected,
      List<Problem> out) {
    Node root = parse(path, text, out);
    if (root == null) {
      return;
    }
    if (!(root instanceof Node.MapNode map)) {
      out.add(Problem.error(root.position(), "not a mapping"));
      return;
    }
    for (String key : List.of("apiVersion", "kind")) {
      if (map.get(key) == null) {
        out.add(Problem.error(map.position(), "missing " + key));
      }
    }
    List<Problem> local = new ArrayList<>();
    Map<String, KubeletValues.Located> read = new KubeletValues(local).readObject(map, "");
    out.addAll(local);
    Map<String, Object> values = new LinkedHashMap<>();
    read.forEach((k, v) -> values.put(k, v.value()));
    values.remove("apiVersion");
    values.remove("kind");
    for (String k : values.keySet()) {
      if (!dev.kubeharden.kubelet.KubeletSchema.get().availableIn(k, rp.version())) {
        out.add(
            Problem.error(
                read.get(k).position(), k + " is not a field of Kubernetes " + rp.version()));
      }
    }
    out.addAll(
        KubeletValidator.validate(
            values,
            rp.version(),
            p -> read.containsKey(p) ? read.get(p).position() : Position.of(path)));
    for (String k : expected) {
      if (!Objects.equals(normalize(values.get(k)), normalize(rp.value(k)))) {
        out.add(Problem.error(Position.of(path), k + " does not read back as it was resolved"));
      }
    }
    if (values.size() != expected.size()) {
      out.add(
          Problem.error(
              Position.of(path),
              "holds " + values.size() + " fields, expected " + expected.size()));
    }
  }

  /** Parses one generated document; on failure records the problems and returns null. */
  private static Node parse(String path, String text, List<Problem> out) {
    try {
      return YamlLoader.load(path, text);
    } catch (InvalidInputException e) {
      out.addAll(e.problems());
      return null;
    }
  }

  private static Object normalize(Object v) {
    if (v instanceof Map<?, ?> m) {
      return new java.util.TreeMap<>(m);
    }
    return v;
  }

  private static void systemd(String path, String text, List<Problem> out) {
    String section = null;
    int n = 0;
    for (String line : text.lines().toList()) {
      n++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        section = line;
        if (!line.equals("[Service]")) {
          out.add(Problem.error(new Position(path, n, 1), "unexpected section " + line));
        }
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq);
      if (section == null || eq < 0 || !SERVICE_KEYS.contains(key)) {
        out.add(
            Problem.error(new Position(path, n, 1), "not a known [Service] assignment: " + line));
      }
      if (key.equals("Environment") && !line.matches("Environment=\"[A-Z_]+=[^\"\\\\]*\"")) {
        out.add(Problem.error(new Position(path, n, 1), "malformed Environment= line"));
      }
    }
  }

  /**
   * Cluster files that parsed back without a problem, by path, text and the kubelet's client user
   * (all the check reads): the configurations of a fleet share their audit policy, admission and
   * RBAC files byte for byte, and each distinct text is parsed once. A file with a problem is
   * checked every time. Bounded; an entry is only a key.
   */
  private record ClusterFile(String path, String text, String user) {
    // Written out: a record's generated equals and hashCode bootstrap through ObjectMethods on
    // first use, a start-up cost for a single generate.
    @Override
    public boolean equals(Object o) {
      return o instanceof ClusterFile c
          && path.equals(c.path)
          && text.equals(c.text)
          && Objects.equals(user, c.user);
    }

    @Override
    public int hashCode() {
      return (path.hashCode() * 31 + text.hashCode()) * 31 + Objects.hashCode(user);
    }
  }

  private static final Set<ClusterFile> CLUSTER_FILES_VALID =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static final int MAX_CLUSTER_FILES = 1024;
  private static final int MAX_CLUSTER_TEXT = 256 * 1024;

  private static void cluster(String path, String text, ResolvedProfile rp, List<Problem> out) {
    ClusterFile key = new ClusterFile(path, text, Rbac.kubeletClientUser(rp.cluster()));
    if (CLUSTER_FILES_VALID.contains(key)) {
      return;
    }
    List<Problem> found = new ArrayList<>();
    clusterFile(path, text, key.user(), found);
    out.addAll(found);
    if (found.isEmpty()
        && text.length() <= MAX_CLUSTER_TEXT
        && CLUSTER_FILES_VALID.size() < MAX_CLUSTER_FILES) {
      CLUSTER_FILES_VALID.add(key);
    }
  }

  private static void clusterFile(String path, String text, String user, List<Problem> out) {
    List<Node> docs;
    try {
      docs = YamlLoader.loadAll(path, text);
    } catch (InvalidInputException e) {
      out.addAll(e.problems());
      return;
    }
    if (path.equals(ClusterRenderer.KUBEADM)) {
      if (docs.size() != 1 || !"ClusterConfiguration".equals(ClusterDocuments.kind(docs.get(0)))) {
        out.add(Problem.error(Position.of(path), "expected one kubeadm ClusterConfiguration"));
      }
      return;
    }
    out.addAll(ClusterDocuments.validate(docs, user));
  }

  private static void kustomization(String path, String text, Bundle bundle, List<Problem> out) {
    Node root = parse(path, text, out);
    if (root == null) {
      return;
    }
    if (root instanceof Node.MapNode m && m.get("resources") instanceof Node.SeqNode res) {
      for (Node r : res.items()) {
        String f = r instanceof Node.Scalar s ? "cluster/" + s.text() : "";
        if (!bundle.files().containsKey(f)) {
          out.add(
              Problem.error(
                  r.position(), "kustomization lists a resource that is not in the bundle: " + f));
        }
      }
    } else {
      out.add(Problem.error(root.position(), "kustomization needs a resources list"));
    }
  }

  private static void lines(String path, String text, Pattern form, List<Problem> out) {
    int n = 0;
    for (String line : text.lines().toList()) {
      n++;
      if (!line.isEmpty() && !line.startsWith("#") && !form.matcher(line).matches()) {
        out.add(Problem.error(new Position(path, n, 1), "malformed line: " + line));
      }
    }
  }

  /**
   * A generated file failed its own validation: a bug in kubeharden or in a --templates override.
   */
  public static final class GeneratedFileException extends RuntimeException
      implements KubehardenFailure {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public GeneratedFileException(List<Problem> problems) {
      super(problems.get(0).headline());
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }

    @Override
    public ExitCode exitCode() {
      return ExitCode.RUNTIME_FAILURE;
    }

    @Override
    public List<String> diagnostics(String untouched) {
      List<String> out = new ArrayList<>();
      problems.forEach(p -> out.add(p.headline()));
      out.add(
          "kubeharden: a generated file failed validation (check --templates); nothing was written");
      return out;
    }
  }
}
