package dev.kubeharden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeharden.model.Node;
import dev.kubeharden.testing.CliRun;
import dev.kubeharden.yaml.YamlLoader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl kustomize out/cluster} renders the generated cluster/ directory (the same build
 * that {@code kubectl apply -k} does, without contacting any cluster). The default bundle is
 * generated through the packaged jar when failsafe sets kubeharden.jar, in-process otherwise.
 * Skipped when kubectl is not on PATH.
 */
class KustomizeIT {
  private static final String LABEL = "pod-security.kubernetes.io/";
  private static Path kubectl;

  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void findKubectl() {
    for (String dir :
        System.getenv()
            .getOrDefault("PATH", "")
            .split(java.util.regex.Pattern.quote(File.pathSeparator), -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
        kubectl = Path.of(dir, "kubectl");
        return;
      }
    }
  }

  private static void assumeKubectl() {
    assumeTrue(kubectl != null, "kubectl is not on PATH; skipping the kubectl kustomize check");
  }

  private Result exec(List<String> cmd) throws IOException, InterruptedException {
    Path stdout = Files.createTempFile(tmp, "stdout", ".txt");
    Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    // kustomize needs no cluster; an unreadable kubeconfig makes sure nothing is contacted by
    // accident.
    pb.environment().put("KUBECONFIG", tmp.resolve("no-kubeconfig").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish within 120 s: " + cmd);
    }
    return new Result(
        p.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  /** {@code kubeharden generate --out out} with the default profile. */
  private Path generateDefault() throws IOException, InterruptedException {
    Path out = tmp.resolve("out");
    String jar = System.getProperty("kubeharden.jar");
    if (jar != null && Files.isRegularFile(Path.of(jar))) {
      Result r =
          exec(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar,
                  "generate",
                  "--out",
                  out.toString()));
      assertThat(r.code()).as("kubeharden generate; stderr:%n%s", r.err()).isZero();
    } else {
      CliRun r = CliRun.run("generate", "--out", out.toString());
      assertThat(r.code()).as("kubeharden generate; stderr:%n%s", r.err()).isZero();
    }
    return out;
  }

  private Result kustomize(Path dir) throws IOException, InterruptedException {
    return exec(List.of(kubectl.toString(), "kustomize", dir.toString()));
  }

  private static Map<String, String> labels(Node.MapNode ns) {
    Map<String, String> out = new java.util.TreeMap<>();
    if (((Node.MapNode) ns.get("metadata")).get("labels") instanceof Node.MapNode l) {
      l.entries().forEach((k, e) -> out.put(k, ((Node.Scalar) e.value()).text()));
    }
    return out;
  }

  private static String text(Node n, String... path) {
    Node cur = n;
    for (String k : path) {
      cur = ((Node.MapNode) cur).get(k);
    }
    return ((Node.Scalar) cur).text();
  }

  @Test
  void defaultBundleRendersWithNamespacesAndTheKubeletApiAdminBinding() throws Exception {
    assumeKubectl();
    Path out = generateDefault();
    Result r = kustomize(out.resolve("cluster"));
    assertThat(r.code()).as("kubectl kustomize; stderr:%n%s", r.err()).isZero();
    List<Node> docs = YamlLoader.loadAll("kustomize-output", r.out());

    List<Node.MapNode> namespaces = new ArrayList<>();
    List<Node.MapNode> adminBindings = new ArrayList<>();
    for (Node d : docs) {
      Node.MapNode m = (Node.MapNode) d;
      String kind = text(m, "kind");
      if (kind.equals("Namespace")) {
        namespaces.add(m);
      } else if (kind.equals("ClusterRoleBinding")
          && text(m, "roleRef", "name").equals("system:kubelet-api-admin")) {
        adminBindings.add(m);
      }
    }
    assertThat(namespaces)
        .extracting(n -> text(n, "metadata", "name"))
        .containsExactlyInAnyOrder("default", "kube-public", "kube-node-lease", "kube-system");
    for (Node.MapNode ns : namespaces) {
      Map<String, String> l = labels(ns);
      for (String mode : List.of("enforce", "audit", "warn")) {
        assertThat(l)
            .as("%s labels", text(ns, "metadata", "name"))
            .containsKey(LABEL + mode)
            .containsEntry(LABEL + mode + "-version", "v1.36");
        assertThat(l.get(LABEL + mode)).isIn("privileged", "baseline", "restricted");
      }
    }
    assertThat(
            labels(
                namespaces.stream()
                    .filter(n -> text(n, "metadata", "name").equals("kube-system"))
                    .findFirst()
                    .orElseThrow()))
        .containsEntry(LABEL + "enforce", "privileged");

    assertThat(adminBindings).hasSize(1);
    Node.MapNode subject =
        (Node.MapNode) ((Node.SeqNode) adminBindings.get(0).get("subjects")).items().get(0);
    assertThat(text(subject, "kind")).isEqualTo("User");
    assertThat(text(subject, "name")).isEqualTo("kube-apiserver-kubelet-client");
    assertThat(((Node.SeqNode) adminBindings.get(0).get("subjects")).items()).hasSize(1);
  }

  static Stream<String> goldens() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/golden"))) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void everyGoldenClusterDirectoryRenders(String golden) throws Exception {
    assumeKubectl();
    Path dir = Path.of("src/test/resources/golden", golden, "expected", "cluster");
    Result r = kustomize(dir);
    assertThat(r.code()).as("kubectl kustomize %s; stderr:%n%s", dir, r.err()).isZero();
    assertThat(r.out()).contains("name: system:kubelet-api-admin");
  }
}
