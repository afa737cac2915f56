package dev.kubeharden.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.GoldenTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden fleet: src/test/resources/fleet/golden/inventory.yaml (three clusters on three minors,
 * layered profiles, per-pool kubelet settings, an exception, two pools sharing one configuration)
 * and its {@code expected/} tree, compared byte for byte. -Dgolden.update=true rewrites the tree
 * for review.
 */
class FleetGoldenTest {
  private static final Path CASE = Path.of("src/test/resources/fleet/golden");

  private static int generate(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--inventory",
                CASE.resolve("inventory.yaml").toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    CliRun r = CliRun.run(args);
    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isIn(0, 4);
    return r.code();
  }

  @Test
  void fleetMatchesGoldenTree(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    assertThat(generate(out)).isZero();
    GoldenTree.assertMatches(CASE.resolve("expected"), out);
  }

  @Test
  void poolsWithTheSameConfigurationGetIdenticalFilesAndEachPoolIsAFullNodeBundle(@TempDir Path tmp)
      throws IOException {
    Path out = tmp.resolve("out");
    generate(out);
    assertThat(GoldenTree.read(out.resolve("staging/general")))
        .isEqualTo(GoldenTree.read(out.resolve("staging/spare")));
    Map<String, String> single = GoldenTree.read(out.resolve("staging/general"));
    assertThat(single.keySet())
        .contains("standalone/var/lib/kubelet/config.yaml", "REPORT.md", "report.json")
        .contains(
            "kubeadm/kubelet-configuration.yaml",
            "kubeadm/patches/kubeletconfiguration+strategic.yaml",
            "node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf")
        .allMatch(
            p ->
                p.startsWith("node/")
                    || p.startsWith("kubeadm/")
                    || p.startsWith("standalone/")
                    || p.equals("REPORT.md")
                    || p.equals("report.json"));
  }

  @Test
  void regeneratingChangesNothingAndCheckPasses(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    generate(out);
    Map<String, String> first = GoldenTree.read(out);
    generate(out);
    assertThat(GoldenTree.read(out)).isEqualTo(first);
    assertThat(generate(out, "--check")).isZero();
    Files.writeString(
        out.resolve("prod-eu/gpu/standalone/var/lib/kubelet/config.yaml"), "edited\n");
    assertThat(generate(out, "--check")).isEqualTo(4);
  }
}
