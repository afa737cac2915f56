package dev.kubeharden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate --check and --dry-run, as generate's: nothing is written; --check exits 4 when the output
 * directory is not what migrate would write, --dry-run prints the unified diff.
 */
class MigrateModesTest {
  private static final String NODE = "src/test/resources/migrate/kubeadm-flags";

  @TempDir Path tmp;

  private static CliRun migrate(Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate",
                "--kubelet-config",
                NODE,
                "--k8s-version",
                "1.34",
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return CliRun.run(args);
  }

  @Test
  void dryRunPrintsTheDiffAndWritesNothing() {
    Path out = tmp.resolve("migrated");
    CliRun r = migrate(out, "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("+++ b/node/var/lib/kubelet/config.yaml")
        .contains("+kind: \"KubeletConfiguration\"")
        .endsWith("dry run: nothing was written\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void checkExitsFourWhenTheOutputIsOutOfDateAndZeroOnceWritten() throws IOException {
    Path out = tmp.resolve("migrated");
    CliRun missing = migrate(out, "--check");
    assertThat(missing.code()).isEqualTo(4);
    assertThat(missing.err()).contains("is out of date; run 'kubeharden migrate' to update it");
    assertThat(out).doesNotExist();

    assertThat(migrate(out).code()).isZero();
    CliRun clean = migrate(out, "--check");
    assertThat(clean.code()).as(clean.err()).isZero();
    assertThat(clean.out()).startsWith(out + " is up to date: node ");

    Path config = out.resolve("node/var/lib/kubelet/config.yaml");
    String before = Files.readString(config);
    Files.writeString(
        config, before.replace("kind: \"KubeletConfiguration\"", "kind: \"Kubelet\""));
    CliRun edited = migrate(out, "--check");
    assertThat(edited.code()).as(edited.err()).isEqualTo(4);
    assertThat(edited.out()).contains("node/var/lib/kubelet/config.yaml");
    assertThat(Files.readString(config))
        .as("--check writes nothing")
        .contains("kind: \"Kubelet\"\n");
    CliRun dry = migrate(out, "--dry-run");
    assertThat(dry.code()).isZero();
    assertThat(dry.out())
        .contains("-kind: \"Kubelet\"\n")
        .contains("+kind: \"KubeletConfiguration\"\n");
  }

  @Test
  void checkAndDryRunExcludeEachOther() {
    assertThat(migrate(tmp.resolve("m"), "--check", "--dry-run").code()).isEqualTo(2);
  }
}
