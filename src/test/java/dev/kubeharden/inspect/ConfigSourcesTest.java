package dev.kubeharden.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Config files are read once per distinct text: a node whose file repeats another's gets the same
 * values at its own file's positions, and a file with a problem or a note reports it for every
 * node.
 */
class ConfigSourcesTest {
  private static final String CONFIG =
      """
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      readOnlyPort: 0
      clusterDNS: [10.96.0.10]
      evictionHard: {memory.available: 100Mi}
      """;

  @Test
  void aRepeatedFileKeepsEachNodesOwnPositions() {
    for (String node : List.of("node-a/config.yaml", "node-b/config.yaml", "node-a/config.yaml")) {
      List<Problem> problems = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      Map<String, KubeletValues.Located> read = ConfigSources.config(node, CONFIG, problems, notes);
      assertThat(problems).isEmpty();
      assertThat(notes).isEmpty();
      assertThat(read.keySet()).containsExactly("readOnlyPort", "clusterDNS", "evictionHard");
      assertThat(read.get("readOnlyPort").value()).isEqualTo(0L);
      assertThat(read.get("readOnlyPort").position()).hasToString(node + ":3:15");
      assertThat(read.get("clusterDNS").value()).isEqualTo(List.of("10.96.0.10"));
      assertThat(read.get("evictionHard").position()).hasToString(node + ":5:15");
    }
  }

  @Test
  void problemsAndNotesAreReportedForEveryNode() {
    String typo = CONFIG + "readOnlyPrt: 10255\nmaxPods: many\n";
    for (String node : List.of("node-a/config.yaml", "node-b/config.yaml", "node-a/config.yaml")) {
      List<Problem> problems = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      ConfigSources.config(node, typo, problems, notes);
      assertThat(notes).singleElement().asString().startsWith(node + ":6:1: ignored unknown field");
      assertThat(problems)
          .singleElement()
          .satisfies(p -> assertThat(p.position()).hasToString(node + ":7:10"));
    }
  }
}
