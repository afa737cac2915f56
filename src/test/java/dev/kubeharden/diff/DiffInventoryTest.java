package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diff --inventory in-process: {@code src/test/resources/diff-inventory} holds an inventory of two
 * clusters on different minors (one pool with an exception, one with a kubelet override, one
 * without node directories) and {@code nodes/<cluster>/<pool>/<node>/}: three nodes as generate
 * --inventory wrote them and one drifting kubeadm node.
 */
class DiffInventoryTest {
  private static final Path DIR = Path.of("src/test/resources/diff-inventory");
  private static final String INVENTORY = DIR.resolve("inventory.yaml").toString();

  @TempDir Path tmp;

  private static CliRun diff(String... args) {
    List<String> all = new ArrayList<>(List.of("diff"));
    all.addAll(List.of(args));
    return CliRun.run(all);
  }

  private Path copyNodes() throws IOException {
    Path to = tmp.resolve("nodes");
    Path from = DIR.resolve("nodes");
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }

  @Test
  void eachNodeIsDiffedAgainstItsClusterAndPool() throws IOException {
    CliRun r = diff("--inventory", INVENTORY, "--kubelet-config", DIR.resolve("nodes").toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(Files.readString(DIR.resolve("expected-out.txt"), StandardCharsets.UTF_8));
    assertThat(r.code()).isEqualTo(4);
  }

  @Test
  void jsonKeepsTheSchemaWithClusterPoolNodeNames() {
    CliRun r =
        diff(
            "--inventory",
            INVENTORY,
            "--kubelet-config",
            DIR.resolve("nodes").toString(),
            "--format",
            "json");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .contains("\"kubernetesVersion\": \"1.33, 1.30\"")
        .contains("\"nodes\": 4,\n    \"driftingNodes\": 1,\n    \"findings\": 9,")
        .contains("\"node\": \"prod-eu/cloud/cloud-1\"")
        .contains("\"node\": \"prod-us/batch/batch-2\"");
  }

  @Test
  void hardenedNodesAloneHaveNoDriftAndAnEmptyPoolIsAbsent() throws IOException {
    Path nodes = copyNodes();
    deleteTree(nodes.resolve("prod-us/batch/batch-2"));
    Files.createDirectories(nodes.resolve("prod-us/idle"));
    CliRun r = diff("--inventory", INVENTORY, "--kubelet-config", nodes.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out())
        .doesNotContain("idle")
        .endsWith("\nfleet: 3 nodes, 0 drifting, 0 findings\n");
  }

  @Test
  void aClusterOrPoolTheInventoryDoesNotListIsAnInputError() throws IOException {
    Path nodes = copyNodes();
    Files.createDirectories(nodes.resolve("prod-ap/general/n-1"));
    Files.createDirectories(nodes.resolve("prod-eu/gpu/g-1"));
    CliRun r = diff("--inventory", INVENTORY, "--kubelet-config", nodes.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            nodes.resolve("prod-ap")
                + ": error: cluster 'prod-ap' is not in the inventory "
                + INVENTORY)
        .contains(
            nodes.resolve("prod-eu/gpu")
                + ": error: node pool 'gpu' of cluster 'prod-eu' is not in the"
                + " inventory "
                + INVENTORY);
  }

  @Test
  void aPoolDirectoryHoldingNodeFilesItselfIsAnInputError() throws IOException {
    Path nodes = copyNodes();
    Files.createDirectories(nodes.resolve("prod-us/idle"));
    Files.copy(
        DIR.resolve("nodes/prod-us/batch/batch-2/config.yaml"),
        nodes.resolve("prod-us/idle/config.yaml"));
    CliRun r = diff("--inventory", INVENTORY, "--kubelet-config", nodes.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .startsWith(
            nodes.resolve("prod-us/idle")
                + ": error: node pool directory holds a node's"
                + " files itself");
  }

  @Test
  void profileOptionsWithInventoryAreAUsageError() {
    for (String[] opt :
        List.of(
            new String[] {"--profile", "cis"},
            new String[] {"--k8s-version", "1.33"},
            new String[] {"--set", "maxPods=10"},
            new String[] {"--var", "a=b"})) {
      CliRun r =
          diff(
              "--inventory",
              INVENTORY,
              "--kubelet-config",
              DIR.resolve("nodes").toString(),
              opt[0],
              opt[1]);
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains(opt[0] + " cannot be combined with --inventory");
    }
    CliRun r =
        diff(
            "--inventory",
            INVENTORY,
            "--kubelet-config",
            DIR.resolve("nodes").toString(),
            "--format",
            "junit");
    // Every format streams, an inventory's fleet included: one test suite per cluster/pool/node.
    assertThat(r.code()).isIn(0, 4);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("<?xml")
        .contains("<testsuite name=\"")
        .endsWith("</testsuites>\n");
    assertThat(r.out().lines().filter(l -> l.startsWith("  <testsuite name=")))
        .isNotEmpty()
        .allMatch(l -> l.matches("  <testsuite name=\"[^/\"]+/[^/\"]+/[^/\"]+\".*"));
  }

  @Test
  void anInvalidInventoryIsAnInputErrorWithItsPosition() throws IOException {
    Path inv = tmp.resolve("inv.yaml");
    Files.writeString(
        inv,
        "apiVersion: kubeharden.dev/v1alpha1\nkind: Inventory\nclusters:\n  - name: Bad_Name\n");
    CliRun r =
        diff("--inventory", inv.toString(), "--kubelet-config", DIR.resolve("nodes").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).startsWith(inv + ":4:");
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  @Test
  void theTreeGenerateInventoryWroteHasNoDrift() throws IOException {
    Path out = tmp.resolve("generated");
    CliRun gen = CliRun.run(List.of("generate", "--inventory", INVENTORY, "--out", out.toString()));
    assertThat(gen.code()).as("stderr: %s", gen.err()).isZero();
    assertThat(out.resolve("prod-eu/cluster/kustomization.yaml")).isRegularFile();
    // Install each pool as a standalone node would be: node/ plus the standalone config.yaml.
    try (var pools = Files.list(out)) {
      for (Path cluster : pools.filter(Files::isDirectory).toList()) {
        try (var ps = Files.list(cluster)) {
          for (Path pool : ps.filter(p -> Files.isDirectory(p.resolve("standalone"))).toList()) {
            Path config = pool.resolve("node/var/lib/kubelet/config.yaml");
            Files.createDirectories(config.getParent());
            Files.copy(pool.resolve("standalone/var/lib/kubelet/config.yaml"), config);
          }
        }
      }
    }
    CliRun r = diff("--inventory", INVENTORY, "--kubelet-config", out.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("node prod-eu/general/node: no drift", "node prod-us/batch/node: no drift")
        .doesNotContain("prod-eu/cluster", "prod-eu/control-plane");
    assertThat(r.code()).isZero();
  }

  @Test
  void poolsMayNotTakeTheNamesOfTheClusterDirectories() throws IOException {
    Path inv = tmp.resolve("reserved.yaml");
    Files.writeString(
        inv,
        """
                           apiVersion: kubeharden.dev/v1alpha1
                           kind: Inventory
                           clusters:
                             - name: a
                               kubernetesVersion: "1.34"
                               nodePools:
                                 - name: cluster
                           """);
    CliRun r =
        CliRun.run(
            List.of(
                "generate", "--inventory", inv.toString(), "--out", tmp.resolve("o").toString()));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .startsWith(
            inv
                + ":7:15: error: node pool name \"cluster\" is reserved: out/<cluster>/cluster/"
                + " holds the cluster's own artifacts");
    assertThat(tmp.resolve("o")).doesNotExist();
  }
}
