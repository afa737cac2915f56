package dev.kubeharden.app;

import dev.kubeharden.controlplane.ClusterDocuments;
import dev.kubeharden.controlplane.Rbac;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValidator;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileParser;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.yaml.InputFiles;
import dev.kubeharden.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validates files by their kind without generating anything. */
public final class ValidateService {
  /** What validate accepts, for messages and help. */
  public static final String KINDS =
      "HardeningProfile, KubeletConfiguration, audit Policy, AdmissionConfiguration, PodSecurityConfiguration,"
          + " Namespace (or a List of them), RBAC objects, Kustomization, kubeadm ClusterConfiguration and"
          + " the other files of a bundle (systemd drop-in, sysctl and tmpfiles files, kube-apiserver flags,"
          + " REPORT.md, report.json) and of every --target";

  private final ExpiryPolicy expiry;

  /** A validator whose profiles' exceptions expire by the system clock. */
  public ValidateService() {
    this(ExpiryPolicy.system());
  }

  /** A validator whose profiles' exceptions expire by {@code expiry}. */
  public ValidateService(ExpiryPolicy expiry) {
    this.expiry = expiry;
  }

  /** Returns the kind validated; throws {@link InvalidInputException} with every problem. */
  public String validate(Path file, KubeVersion version) {
    String raw = BundleFiles.read(file);
    String lines = BundleFiles.checkLines(file, raw);
    if (lines != null) {
      return lines;
    }
    String target = TargetFiles.withoutKind(file, raw, version);
    if (target != null) {
      return target;
    }
    boolean reportJson =
        raw.startsWith("{") && raw.contains("\n  \"generator\": \"kubeharden\",\n");
    if (!reportJson) {
      InputFiles.requireDocument(file.toString(), raw, "a document kubeharden validates");
    }
    String text = raw;
    List<Node> docs = expandLists(YamlLoader.loadAll(file.toString(), text));
    if (docs.isEmpty()) {
      throw InvalidInputException.of(
          new Position(file.toString(), 1, 1), "the file holds no YAML document");
    }
    if (docs.size() > 1
        && docs.stream()
            .map(ClusterDocuments::kind)
            .anyMatch(k -> ProfileParser.KIND.equals(k) || KubeletSchema.KIND.equals(k))) {
      // A profile or a KubeletConfiguration is a file of its own, as generate and the kubelet
      // read them: the same refusal as theirs.
      YamlLoader.load(file.toString(), text);
    }
    if (docs.size() > 1 || ClusterDocuments.isKnown(ClusterDocuments.kind(docs.get(0)))) {
      List<String> kinds = new ArrayList<>();
      for (Node d : docs) {
        String k = ClusterDocuments.kind(d);
        if (!ClusterDocuments.isKnown(k)) {
          throw InvalidInputException.of(
              d.position(), "unsupported document kind " + k + " (validate takes " + KINDS + ")");
        }
        if (!kinds.contains(k)) {
          kinds.add(k);
        }
      }
      List<Problem> problems = ClusterDocuments.validate(docs, Rbac.DEFAULT_KUBELET_CLIENT);
      if (!problems.isEmpty()) {
        throw YamlLoader.inFileOrder(problems, text);
      }
      return String.join(", ", kinds);
    }
    Node root = docs.get(0);
    String apiVersion = null;
    String kind = null;
    if (root instanceof Node.MapNode m) {
      apiVersion = m.get("apiVersion") instanceof Node.Scalar s ? s.text() : null;
      kind = m.get("kind") instanceof Node.Scalar s ? s.text() : null;
    }
    if (ProfileParser.KIND.equals(kind)) {
      ProfileCatalog catalog = new ProfileCatalog();
      catalog.file(file, Position.of(file.toString()));
      new ProfileResolver(catalog)
          .resolve(ResolveRequest.of(List.of(file.toString()), version).withExpiry(expiry));
      return kind;
    }
    if (KubeletSchema.KIND.equals(kind)) {
      kubelet((Node.MapNode) root, text, version);
      return kind;
    }
    if (root instanceof Node.MapNode m) {
      String api = apiVersion;
      if ("Kustomization".equals(kind) && "kustomize.config.k8s.io/v1beta1".equals(api)) {
        List<Path> resources = withLines(() -> BundleFiles.kustomization(file, m), text);
        for (Path r : resources) {
          validate(r, version);
        }
        return "Kustomization";
      }
      if ("ClusterConfiguration".equals(kind) && api != null) {
        return withLines(() -> BundleFiles.clusterConfiguration(m, api), text);
      }
      if (m.get("generator") instanceof Node.Scalar g && g.text().equals("kubeharden")) {
        return withLines(() -> BundleFiles.reportJson(file, m), text);
      }
      String targetKind = TargetFiles.withKind(file, text, m, api, kind, version);
      if (targetKind != null) {
        return targetKind;
      }
    }
    throw InvalidInputException.of(
        root.position(),
        "unsupported document (apiVersion "
            + apiVersion
            + ", kind "
            + kind
            + "); validate takes "
            + KINDS);
  }

  /** Runs a check, adding the offending lines to its problems. */
  private static <T> T withLines(java.util.function.Supplier<T> check, String text) {
    try {
      return check.get();
    } catch (InvalidInputException e) {
      throw YamlLoader.inFileOrder(e.problems(), text);
    }
  }

  /** Replaces v1 List documents (kubectl get -o yaml) by their items. */
  private static List<Node> expandLists(List<Node> docs) {
    List<Node> out = new ArrayList<>();
    for (Node d : docs) {
      if ("List".equals(ClusterDocuments.kind(d))
          && ((Node.MapNode) d).get("items") instanceof Node.SeqNode items) {
        out.addAll(items.items());
      } else {
        out.add(d);
      }
    }
    return out;
  }

  static void kubelet(Node.MapNode root, String text, KubeVersion version) {
    List<Problem> problems = new ArrayList<>();
    Map<String, KubeletValues.Located> read = new KubeletValues(problems).readObject(root, "");
    Map<String, Object> values = new LinkedHashMap<>();
    read.forEach((k, v) -> values.put(k, v.value()));
    for (Map.Entry<String, KubeletValues.Located> e : read.entrySet()) {
      if (!KubeletSchema.get().availableIn(e.getKey(), version)) {
        problems.add(
            Problem.error(
                e.getValue().position(),
                e.getKey()
                    + " needs Kubernetes "
                    + KubeletSchema.get().field(e.getKey()).since()
                    + " or newer (validating for "
                    + version
                    + ")"));
      }
    }
    problems.addAll(
        KubeletValidator.validate(
            values,
            version,
            p -> read.containsKey(p) ? read.get(p).position() : Position.of("(kubelet defaults)")));
    if (!problems.isEmpty()) {
      List<Problem> withLines = new ArrayList<>();
      problems.forEach(p -> withLines.add(YamlLoader.withLine(p, text)));
      throw new InvalidInputException(withLines);
    }
  }

  static String read(Path file) {
    if (!Files.exists(file)) {
      throw InvalidInputException.of(Position.of(file.toString()), "no such file");
    }
    String text = InputFiles.read(file, "file", Position.of(file.toString()));
    InputFiles.requireDocument(file.toString(), text, "a document kubeharden validates");
    return text;
  }
}
