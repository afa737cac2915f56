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
  void emptyOrBlankKubeletArgsIsInvalidInputAtTheOption() {
    for (String blank : new String[] {"", "   ", "\t", " \n "}) {
      CliRun r = CliRun.run("diff", "--kubelet-args", blank);
      assertThat(r.code()).as("%s: %s", blank, r.err()).isEqualTo(3);
      assertThat(r.out()).isEmpty();
      assertThat(r.errorLines())
          .singleElement()
          .asString()
          .startsWith("--kubelet-args:1:1: error: no kubelet arguments");
    }
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

  @Test
  void aNodeSecureOnlyThroughADropInFailsKubeBenchsViewAndSaysSo() throws IOException {
    String head = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    Path config =
        file(
            "config.yaml",
            head
                + "authentication: {anonymous: {enabled: true}}\nauthorization: {mode: AlwaysAllow}\n");
    file(
        "conf.d/50-kubeharden.conf",
        head + "authentication: {anonymous: {enabled: false}}\nauthorization: {mode: Webhook}\n");
    String args = "--config=" + config + " --config-dir=" + tmp.resolve("conf.d");
    String[] base = {
      "diff",
      "--kubelet-config",
      config.toString(),
      "--config-dir",
      tmp.resolve("conf.d").toString(),
      "--kubelet-args",
      args
    };
    CliRun text = CliRun.run(base);
    assertThat(text.out())
        .doesNotContain("authentication.anonymous.enabled  true")
        .contains("audit: CIS-1.12:4.2.1 passes on the node but fails in kube-bench's view")
        .contains("audit: CIS-1.12:4.2.2 passes on the node but fails");
    String[] json = java.util.Arrays.copyOf(base, base.length + 2);
    json[base.length] = "--format";
    json[base.length + 1] = "json";
    assertThat(CliRun.run(json).out())
        .contains(
            "{\n          \"id\": \"CIS-1.12:4.2.1\",\n          \"effective\": \"pass\",\n"
                + "          \"auditor\": \"fail\"\n        }");
  }
}
