package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff's verdicts on inputs the kubelet rejects, on bad input, and its exit threshold. */
class DiffRulesCliTest {
  private static final String HARDENED = "out/standalone/var/lib/kubelet/config.yaml";

  @TempDir Path tmp;

  private Path file(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void aFlagRemovedBeforeThisMinorMeansTheKubeletDoesNotStart() {
    String args = "--config=" + HARDENED + " --pod-infra-container-image=registry.k8s.io/pause:3.9";
    CliRun old =
        CliRun.run(
            "diff", "--k8s-version", "1.34", "--kubelet-config", HARDENED, "--kubelet-args", args);
    assertThat(old.out()).doesNotContain("does not start");
    CliRun now =
        CliRun.run(
            "diff", "--k8s-version", "1.35", "--kubelet-config", HARDENED, "--kubelet-args", args);
    assertThat(now.code()).isEqualTo(4);
    assertThat(now.out())
        .contains("the kubelet does not start")
        .contains("unknown flag: --pod-infra-container-image");
  }

  @Test
  void aMissingConfigFileTheKubeletIsStartedWithMeansItDoesNotStart() {
    CliRun r =
        CliRun.run(
            "diff",
            "--kubelet-config",
            tmp.resolve("config.yaml").toString(),
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out()).contains("the kubelet does not start").doesNotContain("legacy-default");
  }

  @Test
  void aKubeletConfigPathThatDoesNotExistIsAnInputError() {
    CliRun r = CliRun.run("diff", "--kubelet-config", tmp.resolve("nope.yaml").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("nope.yaml").contains("no such file");
  }

  @Test
  void emptyKubeletArgsIsAUsageError() {
    CliRun r = CliRun.run("diff", "--kubelet-args", "");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--kubelet-args");
  }

  @Test
  void aSecondExecStartWithoutResetMakesTheUnitInvalid() throws IOException {
    Path unit =
        file(
            "kubelet.service",
            "[Service]\nExecStart=/usr/bin/kubelet --config="
                + HARDENED
                + "\nExecStart=/usr/bin/kubelet\n");
    CliRun r =
        CliRun.run("diff", "--kubelet-config", HARDENED, "--kubelet-args-file", unit.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("kubelet.service:3").contains("more than one ExecStart=");
  }

  @Test
  void failOnExitsFourOnlyAtOrAboveTheSeverity() {
    // Missing only podPidsLimit-like medium settings: the hardened file with a medium drift.
    String args = "--config=" + HARDENED + " --pod-max-pids=-1";
    CliRun high =
        CliRun.run(
            "diff", "--kubelet-config", HARDENED, "--kubelet-args", args, "--fail-on", "high");
    assertThat(high.code()).as(high.err()).isZero();
    assertThat(high.out()).contains("podPidsLimit");
    CliRun medium =
        CliRun.run(
            "diff", "--kubelet-config", HARDENED, "--kubelet-args", args, "--fail-on", "medium");
    assertThat(medium.code()).isEqualTo(4);
  }
}
