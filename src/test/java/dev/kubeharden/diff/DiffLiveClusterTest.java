package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.FakeKubectl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diff --node and --all-nodes against a recorded cluster served by {@link FakeKubectl} (a fake: no
 * API server runs here) through kubectl proxy, the transport kubeharden uses.
 */
class DiffLiveClusterTest {
  @TempDir static Path tmp;

  private static String kubectl;

  @BeforeAll
  static void fake() throws IOException {
    kubectl = FakeKubectl.install(tmp, Path.of("src/test/resources/cluster")).toString();
  }

  private static CliRun diff(String... args) {
    List<String> all = new ArrayList<>(List.of("diff", "--kubectl", kubectl));
    all.addAll(List.of(args));
    return CliRun.run(all);
  }

  @Test
  void allNodesGroupsIdenticalNodesAndNeverPassesAnUnreadableOne() {
    CliRun r = diff("--all-nodes", "--selector", "node-role.kubernetes.io/worker=");
    assertThat(r.code()).as(r.err()).isEqualTo(4);
    assertThat(r.out())
        .startsWith("kubeharden diff: profile cis for Kubernetes 1.36\n")
        // worker-1 and worker-2 run the same kubelet: one section for both.
        .contains("\nnodes worker-1, worker-2 (2 identical): 11 findings")
        .contains("configz kubectl configz of <node>:1:237")
        // worker-3 passes --hostname-override (its /flagz says so): CIS 4.2.7 fails there only.
        .contains("\nnode worker-3: 12 findings")
        .contains("hostname-override")
        .contains("\nnode broken-1: unknown")
        .contains(
            "cannot read this node: /configz: HTTP 403: nodes \"broken-1\" is forbidden: User \"ci\""
                + " cannot get resource \"nodes/proxy\"")
        .contains("\nnode down-1: unknown")
        .contains("HTTP 503: error trying to reach service")
        .contains("\nfleet: 5 nodes, 3 drifting, 2 unknown, 34 findings")
        .doesNotContain("slow-1");
    assertThat(r.out().indexOf("nodes worker-1")).isLessThan(r.out().indexOf("node worker-3"));
  }

  @Test
  void aNodeThatDoesNotAnswerIsCutOffByTheTimeout() {
    long start = System.nanoTime();
    CliRun r =
        diff("--all-nodes", "--selector", "pool=slow", "--node-timeout", "2", "--format", "json");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .contains("\"name\": \"slow-1\"")
        .contains(
            "cannot read this node: /api/v1/nodes/slow-1/proxy/configz: no answer within 2 s");
    assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(60);
  }

  @Test
  void nodeReadsConfigzAndFlagz() {
    CliRun r = diff("--node", "worker-3", "--format", "json");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .contains("\"kubectl configz of worker-3\"", "\"kubectl flagz of worker-3\"")
        .contains("\"field\": \"--hostname-override\"");
  }

  @Test
  void aNodeWithoutStructuredFlagzIsReadFromConfigzAlone() {
    // worker-1's flagz has an empty hostname-override: nothing passed; broken JSON would be exit 3.
    CliRun r = diff("--node", "worker-1");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .contains("\nnode worker-1: 11 findings")
        .doesNotContain("hostname-override");
  }

  @Test
  void aNodeThatCannotBeReadIsARuntimeFailure() {
    CliRun r = diff("--node", "broken-1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith(
            "kubeharden: cannot read node broken-1 through kubectl: /configz: HTTP 403: nodes"
                + " \"broken-1\" is forbidden")
        .hasLineCount(1);
    CliRun missing = diff("--node", "w");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("HTTP 404");
  }

  @Test
  void selectorNeedsAllNodesAndANodeSelectorThatMatchesNothingIsAUsageError() {
    assertThat(diff("--node", "worker-1", "--selector", "a=b").code()).isEqualTo(2);
    CliRun none = diff("--all-nodes", "--selector", "pool=none");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("no node matches --selector pool=none");
    assertThat(diff("--all-nodes", "--kubelet-config", "out/node").code()).isEqualTo(2);
  }
}
