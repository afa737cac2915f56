package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diff --target: what the distro manages itself (provider-managed in facts/targets.tsv) is attested
 * by it, not checked on the node, and the notes say what the platform sets.
 */
class DiffTargetTest {
  @TempDir Path tmp;

  /** A strict node whose config file lacks protectKernelDefaults: Talos writes it itself. */
  private Path nodeWithoutProtectKernelDefaults() throws IOException {
    Path out = tmp.resolve("bundle");
    CliRun.run("generate", "-p", "cis", "-p", "strict", "--out", out.toString()).assertOk();
    String config = Files.readString(out.resolve("standalone/var/lib/kubelet/config.yaml"));
    Path p = tmp.resolve("config.yaml");
    Files.writeString(p, config.replaceAll("(?m)^protectKernelDefaults: true.*\\n", ""));
    return p;
  }

  @Test
  void withoutATargetTheMissingFieldIsDrift() throws IOException {
    CliRun r =
        CliRun.run(
            "diff",
            "-p",
            "cis",
            "-p",
            "strict",
            "--kubelet-config",
            nodeWithoutProtectKernelDefaults().toString(),
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out()).contains("protectKernelDefaults");
  }

  @Test
  void talosAttestsWhatItManages() throws IOException {
    CliRun r =
        CliRun.run(
            "diff",
            "-p",
            "cis",
            "-p",
            "strict",
            "--target",
            "talos",
            "--kubelet-config",
            nodeWithoutProtectKernelDefaults().toString(),
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml");
    assertThat(r.out()).doesNotContain("protectKernelDefaults");
    assertThat(r.err())
        .contains(
            "note: attested by talos (not checked on the node): protectKernelDefaults: Talos writes true");
  }

  @Test
  void anUnknownTargetIsAUsageError() {
    CliRun r =
        CliRun.run(
            "diff",
            "--target",
            "rke3",
            "--kubelet-config",
            "out/standalone/var/lib/kubelet/config.yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown --target rke3; did you mean \"rke2\"?");
  }
}
