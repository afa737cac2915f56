package dev.kubeharden.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control marked {@code targets: required} is never a gap: generating for a target that cannot
 * carry it is an input error naming the control, while other targets generate.
 */
class TargetDemandTest {
  @TempDir Path tmp;

  private Path profile() throws IOException {
    Path p = tmp.resolve("site.yaml");
    Files.writeString(
        p,
        """
        apiVersion: kubeharden.dev/v1alpha1
        kind: HardeningProfile
        metadata:
          name: site
        extends: [baseline]
        controls:
          - id: SITE:webhook-cache
            title: Short kubelet authorization caches
            targets: required
            kubelet:
              config: {authorization: {webhook: {cacheAuthorizedTTL: 1m0s}}}
        """);
    return p;
  }

  @Test
  void aTargetThatCannotCarryARequiredControlIsRefused() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r =
        CliRun.run(
            "generate", "-p", profile().toString(), "--target", "kops", "--out", out.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .contains(profile() + ":")
        .contains(
            "control SITE:webhook-cache is required on every target, but target kops does not carry")
        .contains("authorization.webhook.cacheAuthorizedTTL (not-expressible");
    assertThat(out).doesNotExist();
  }

  @Test
  void aTargetThatCarriesItGenerates() throws IOException {
    CliRun r =
        CliRun.run(
            "generate",
            "-p",
            profile().toString(),
            "--target",
            "kubeadm",
            "--out",
            tmp.resolve("o").toString());
    r.assertOk();
    assertThat(tmp.resolve("o/kubeadm/kubelet-configuration.yaml"))
        .content()
        .contains("cacheAuthorizedTTL: \"1m0s\"  # SEED:3, SITE:webhook-cache");
  }

  @Test
  void anUnknownTargetsValueIsAnInputError() throws IOException {
    Path p = tmp.resolve("bad.yaml");
    Files.writeString(
        p, Files.readString(profile()).replace("targets: required", "targets: always"));
    CliRun r = CliRun.run("generate", "-p", p.toString(), "--out", tmp.resolve("b").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("targets must be required or best-effort, not \"always\"");
  }
}
