package dev.kubeharden.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden fleet: src/test/resources/fleet/golden/inventory.yaml (three clusters on three minors, layered profiles,
 * per-pool kubelet settings, an exception, two pools sharing one configuration) and its {@code expected/} tree,
 * compared byte for byte. -Dgolden.update=true rewrites the tree for review.
 */
class FleetGoldenTest {
  private static final Path CASE = Path.of("src/test/resources/fleet/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  private static int generate(Path out, String... extra) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    String[] args =
        Stream.concat(
                Stream.of("generate", "--inventory", CASE.resolve("inventory.yaml").toString(), "--out", out.toString()),
                Stream.of(extra))
            .toArray(String[]::new);
    int code = Cli.newCommandLine(new PrintWriter(o), new PrintWriter(e)).execute(args);
    assertThat(code).as("exit code; stderr: %s", e).isIn(0, 4);
    return code;
  }

  @Test
  void fleetMatchesGoldenTree(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    assertThat(generate(out)).isZero();
    Path expected = CASE.resolve("expected");
    if (UPDATE) {
      replace(expected, out);
    }
    GoldenBundleTest.assertSameTree(expected, out);
  }

  @Test
  void poolsWithTheSameConfigurationGetIdenticalFilesAndEachPoolIsAFullNodeBundle(@TempDir Path tmp)
      throws IOException {
    Path out = tmp.resolve("out");
    generate(out);
    assertThat(GoldenBundleTest.read(out.resolve("staging/general")))
        .isEqualTo(GoldenBundleTest.read(out.resolve("staging/spare")));
    Map<String, String> single = GoldenBundleTest.read(out.resolve("staging/general"));
    assertThat(single.keySet())
        .contains("standalone/var/lib/kubelet/config.yaml", "REPORT.md", "report.json")
        .contains(
            "kubeadm/kubelet-configuration.yaml",
            "kubeadm/patches/kubeletconfiguration+strategic.yaml",
            "node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf")
        .allMatch(
            p -> p.startsWith("node/")
                || p.startsWith("kubeadm/")
                || p.startsWith("standalone/")
                || p.equals("REPORT.md")
                || p.equals("report.json"));
  }

  @Test
  void regeneratingChangesNothingAndCheckPasses(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    generate(out);
    Map<String, String> first = GoldenBundleTest.read(out);
    generate(out);
    assertThat(GoldenBundleTest.read(out)).isEqualTo(first);
    assertThat(generate(out, "--check")).isZero();
    Files.writeString(out.resolve("prod-eu/gpu/standalone/var/lib/kubelet/config.yaml"), "edited\n");
    assertThat(generate(out, "--check")).isEqualTo(4);
  }

  private static void replace(Path expected, Path actual) throws IOException {
    if (Files.exists(expected)) {
      try (Stream<Path> s = Files.walk(expected)) {
        for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
          Files.delete(p);
        }
      }
    }
    for (Map.Entry<String, String> e : GoldenBundleTest.read(actual).entrySet()) {
      Path f = expected.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
    }
  }
}
