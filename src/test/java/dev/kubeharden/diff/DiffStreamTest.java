package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.diff.format.DiffFormat;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.testing.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streamed report (a worker pool, a window of nodes ahead, sections spilled to files) is byte
 * for byte the report of the same nodes diffed in memory, in every format.
 */
class DiffStreamTest {
  @TempDir static Path tmp;

  private static Path fleet;

  /**
   * A fleet of every node fixture diffed with the default options, each copied twice (so the fleet
   * has drifting, passing and unknown nodes and repeats).
   */
  @BeforeAll
  static void fleet() throws IOException {
    fleet = tmp.resolve("fleet");
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/diff"))) {
      for (Path fixture : s.filter(Files::isDirectory).sorted().toList()) {
        if (Files.exists(fixture.resolve("args"))) {
          continue;
        }
        for (String copy : List.of("a", "b")) {
          Path node = fleet.resolve(fixture.getFileName() + "-" + copy);
          try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.toList()) {
              Path rel = fixture.relativize(f);
              if (rel.startsWith("expected")) {
                continue;
              }
              Path to = node.resolve(rel.toString());
              if (Files.isDirectory(f)) {
                Files.createDirectories(to);
              } else {
                Files.copy(f, to);
              }
            }
          }
        }
      }
    }
    // And a node that runs the committed hardened configuration: no drift.
    Path hardened = Files.createDirectories(fleet.resolve("hardened"));
    Files.copy(
        Path.of("out/standalone/var/lib/kubelet/config.yaml"), hardened.resolve("config.yaml"));
  }

  private static DiffService.Request request(boolean patch) throws IOException {
    List<DiffPlan.Node> nodes = new ArrayList<>();
    for (Path d : DiffService.subdirectories(fleet)) {
      nodes.add(DiffPlan.Node.dir(d));
    }
    assertThat(nodes).hasSizeGreaterThan(10);
    return new DiffService.Request(
        ResolveRequest.of(List.of(), KubeVersion.DEFAULT), nodes, true, patch, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "sarif", "junit", "markdown"})
  void streamedIsTheInMemoryReport(String name) throws IOException {
    DiffService service = new DiffService(new ProfileCatalog());
    DiffService.Request req = request(true);
    List<NodeDiff> nodes = service.diff(req).nodes();
    assertThat(nodes.stream().filter(NodeDiff::hasDrift).count()).isGreaterThan(10);
    assertThat(nodes.stream().filter(n -> !n.hasDrift()).count()).isEqualTo(1);
    String inMemory = DiffFormat.render(DiffFormat.named(name, false), service.diff(req));

    // Spilled after the first node, copied through a writer.
    StringWriter streamed = new StringWriter();
    new DiffStream(1).run(service.plan(req), DiffFormat.named(name, false), streamed, null);
    assertThat(streamed.toString()).isEqualTo(inMemory);

    // Spilled, the sections copied as bytes under the writer.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
      new DiffStream(1).run(service.plan(req), DiffFormat.named(name, false), w, bytes);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(inMemory);

    // The command line streams the same report.
    CliRun cli =
        CliRun.run("diff", "--kubelet-config", fleet.toString(), "--format", name, "--patch");
    assertThat(cli.code()).isEqualTo(4);
    assertThat(cli.out()).isEqualTo(inMemory);
  }
}
