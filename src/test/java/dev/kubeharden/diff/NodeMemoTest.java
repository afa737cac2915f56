package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeLayout;
import dev.kubeharden.inspect.NodeSignature;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node directories that read alike take the diff of the first of them with the directory's path
 * replaced: every such diff is the diff of that node alone, and a template that does not fill in to
 * the next node's own diff is never used.
 */
class NodeMemoTest {
  @TempDir Path tmp;

  private final DiffService service = new DiffService(new ProfileCatalog());

  @Test
  void copiesOfEveryFixtureDiffAsEachDoesAlone() throws IOException {
    Path fleet = tmp.resolve("fleet");
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/diff"))) {
      for (Path fixture : s.filter(Files::isDirectory).sorted().toList()) {
        if (Files.exists(fixture.resolve("args"))) {
          continue; // its arguments are given on the command line, not in the directory
        }
        for (String copy : List.of("a", "b", "c", "d")) {
          copy(fixture, fleet.resolve(fixture.getFileName() + "-" + copy));
        }
      }
    }
    // Copies whose config names a directory of the fleet: the first's own, the others' not.
    for (String copy : List.of("a", "b", "c")) {
      Path node = Files.createDirectories(fleet.resolve("names-" + copy));
      Files.writeString(
          node.resolve("config.yaml"),
          "apiVersion: kubelet.config.k8s.io/v1beta1\n"
              + "kind: KubeletConfiguration\n"
              + "staticPodPath: "
              + fleet.resolve("names-a").toAbsolutePath()
              + "/manifests\n"
              + "readOnlyPort: 10255\n");
    }

    List<DiffPlan.Node> nodes = new ArrayList<>();
    for (Path d : DiffService.subdirectories(fleet)) {
      nodes.add(DiffPlan.Node.dir(d));
    }
    // In order, one node after another: the memo's counts are then the same on every machine.
    NodeMemo memo = new NodeMemo();
    List<NodeDiff> together = new ArrayList<>();
    for (DiffPlan.Job job : service.plan(request(nodes, true)).jobs()) {
      together.add(DiffService.node(job, memo));
    }

    assertThat(together).hasSize(nodes.size());
    // Of four copies, the first is remembered, the second makes a template, the third checks it and
    // the fourth takes it: one for each of the five fixtures with a signature (a configz.json node
    // has none; names-a names itself, and names-b and names-c are two copies only).
    assertThat(memo.filled()).isEqualTo(5);
    // At the same time, as the command diffs them: each node's diff is still its own.
    assertThat(service.diff(request(nodes, true), new NodeMemo()).nodes()).isEqualTo(together);
    for (int i = 0; i < nodes.size(); i++) {
      NodeDiff alone = service.diff(request(List.of(nodes.get(i)), true)).nodes().get(0);
      assertThat(together.get(i)).as(nodes.get(i).name()).isEqualTo(alone);
    }
    // The node's own paths, not the first copy's.
    NodeDiff last = together.get(together.size() - 1);
    assertThat(String.join("\n", last.inputs())).contains("typo-field-d").doesNotContain("-a/");
  }

  @Test
  void aTemplateThatDoesNotFillInToTheNextNodesDiffIsNeverUsed() throws IOException {
    ResolvedProfile rp =
        new ProfileResolver(new ProfileCatalog())
            .resolve(ResolveRequest.of(List.of(), KubeVersion.DEFAULT));
    List<Path> dirs = new ArrayList<>();
    for (String n : List.of("n1", "n2", "n3", "n4", "n5")) {
      copy(Path.of("src/test/resources/diff/kubeadm"), tmp.resolve(n));
      dirs.add(tmp.resolve(n));
    }
    // An inspection whose diff differs from node to node by more than the directory.
    AtomicInteger runs = new AtomicInteger();
    NodeMemo memo = new NodeMemo();
    for (Path d : dirs) {
      NodeInputs in = NodeLayout.of(d.getFileName().toString(), d);
      NodeSignature sig = NodeSignature.of(in, new HashMap<>());
      assertThat(sig).isNotNull();
      int run = runs.get();
      NodeDiff got = memo.diff(in.name(), rp, null, sig, () -> diff(runs));
      assertThat(got.notes()).containsExactly("run " + run);
    }
    assertThat(runs.get()).isEqualTo(5);
    assertThat(memo.filled()).isZero();

    // One that does: the fourth and fifth node take the template.
    runs.set(0);
    NodeMemo trusting = new NodeMemo();
    for (Path d : dirs) {
      NodeInputs in = NodeLayout.of(d.getFileName().toString(), d);
      NodeSignature sig = NodeSignature.of(in, new HashMap<>());
      NodeDiff got =
          trusting.diff(in.name(), rp, null, sig, () -> diffNaming(in.name(), d.toString(), runs));
      assertThat(got).isEqualTo(diffNaming(in.name(), d.toString(), new AtomicInteger()));
    }
    assertThat(runs.get()).isEqualTo(3);
    assertThat(trusting.filled()).isEqualTo(2);
  }

  @Test
  void aDiffNamingItsDirectoryOtherThanAsAPathIsNoTemplate() {
    Path dir = tmp.resolve("node");
    assertThat(NodeMemo.template(diffWithNote("at " + dir + "/config.yaml:3"), dir)).isNotNull();
    assertThat(NodeMemo.template(diffWithNote("the directory " + dir), dir)).isNull();
    assertThat(NodeMemo.template(diffWithNote(dir + "x/config.yaml"), dir)).isNull();
  }

  private static NodeDiff diff(AtomicInteger runs) {
    return diffWithNote("run " + runs.getAndIncrement()).withAudit(java.util.Map.of(), List.of());
  }

  private static NodeDiff diffNaming(String name, String dir, AtomicInteger runs) {
    runs.incrementAndGet();
    return new NodeDiff(
        name,
        List.of(dir + "/config.yaml"),
        List.of(),
        List.of(),
        List.of(dir + "/config.yaml:1: a note"),
        null,
        List.of(),
        java.util.Map.of(),
        List.of(),
        false);
  }

  private static NodeDiff diffWithNote(String note) {
    return new NodeDiff(
        "node",
        List.of(),
        List.of(),
        List.of(),
        List.of(note),
        null,
        List.of(),
        java.util.Map.of(),
        List.of(),
        false);
  }

  private static DiffService.Request request(List<DiffPlan.Node> nodes, boolean patch) {
    return new DiffService.Request(
        ResolveRequest.of(List.of(), KubeVersion.DEFAULT), nodes, true, patch, null);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path rel = from.relativize(f);
        if (rel.startsWith("expected")) {
          continue;
        }
        Path dst = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(f, dst);
        }
      }
    }
  }
}
