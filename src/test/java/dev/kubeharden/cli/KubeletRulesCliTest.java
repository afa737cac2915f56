package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values the kubelet refuses at start-up (pkg/kubelet/apis/config/validation, component-base
 * cli/flag) exit 3 from generate and validate, naming the --set argument or file:line:col.
 */
class KubeletRulesCliTest {
  private static final String SUFFIX =
      "; the kubelet refuses to start (validation.go ValidateKubeletConfiguration)";

  @TempDir Path tmp;

  private CliRun generate(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("generate", "-p", "baseline", "--out", tmp.resolve("out").toString()));
    args.addAll(Arrays.asList(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  private void assertInvalid(CliRun r, String expectedError) {
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).contains(expectedError);
    assertThat(r.errLines()).last().isEqualTo("1 error; nothing was written");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void podLogsDirMustBeAbsoluteAndNormalized() {
    for (String dir : List.of("var/log/pods", "/var/log/../pods", "/var/log/pods/", "/var//log")) {
      CliRun r = generate("--set", "podLogsDir=" + dir);
      assertThat(r.code()).as(dir).isEqualTo(3);
      assertThat(r.err())
          .as(dir)
          .contains(
              "--set podLogsDir="
                  + dir
                  + ": error: podLogsDir must be an absolute, normalized path (got \""
                  + dir
                  + "\")");
      assertThat(tmp.resolve("out")).doesNotExist();
    }
  }

  @Test
  void podLogsDirAbsoluteIsAccepted() {
    CliRun r = generate("--set", "podLogsDir=/var/log/pods");
    r.assertOk();
  }

  @Test
  void misspelledFeatureGateExitsThree() {
    CliRun r = generate("--set", "featureGates.RotateKubeletServerCertificates=true");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .contains("--set featureGates.RotateKubeletServerCertificates=true: error: ")
        .contains("RotateKubeletServerCertificates")
        .contains("did you mean \"RotateKubeletServerCertificate\"");
  }

  @Test
  void imageMaximumGCAgeNeedsItsGateIn129() {
    assertInvalid(
        generate("--k8s-version", "1.29", "--set", "imageMaximumGCAge=1h"),
        "--set imageMaximumGCAge=1h: error: imageMaximumGCAge needs feature gate ImageMaximumGCAge, off by default in"
            + " Kubernetes 1.29"
            + SUFFIX);
  }

  @Test
  void imageMaximumGCAgeIsAcceptedFrom130() {
    CliRun r = generate("--k8s-version", "1.30", "--set", "imageMaximumGCAge=1h", "--dry-run");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
  }

  @Test
  void criticalPodsGracePeriodCannotExceedTheDefaultGracePeriod() {
    assertInvalid(
        generate("--set", "shutdownGracePeriodCriticalPods=30s"),
        "--set shutdownGracePeriodCriticalPods=30s: error: shutdownGracePeriodCriticalPods (30s) must be <="
            + " shutdownGracePeriod (0s, the default)"
            + SUFFIX);
  }

  @Test
  void parallelImagePullsNeedSerializeImagePullsFalse() {
    assertInvalid(
        generate("--set", "serializeImagePulls=true", "--set", "maxParallelImagePulls=5"),
        "--set maxParallelImagePulls=5: error: maxParallelImagePulls (5) cannot be larger than 1 unless"
            + " serializeImagePulls is false (it is true)"
            + SUFFIX);
  }

  @Test
  void parallelImagePullsAloneDefaultSerializeImagePullsToFalse() {
    // v1beta1 defaults.go (since 1.27): serializeImagePulls defaults to false when
    // maxParallelImagePulls >= 2.
    CliRun r = generate("--set", "maxParallelImagePulls=5", "--dry-run");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
  }

  @Test
  void systemCgroupsNeedCgroupRoot() {
    assertInvalid(
        generate("--set", "systemCgroups=/system.slice"),
        "--set systemCgroups=/system.slice: error: systemCgroups (/system.slice) needs cgroupRoot"
            + SUFFIX);
  }

  @Test
  void tlsCurvesOutOfRangeAreRefused() {
    assertInvalid(
        generate("--set", "tlsCurvePreferences=[29,99999]"),
        "--set tlsCurvePreferences=[29,99999]: error: tlsCurvePreferences: curve preference 99999 is out of range"
            + " (must be 1-65535); the kubelet refuses to start (component-base cli/flag TLSCurvePreferences)");
  }

  @Test
  void validateAppliesTheSameRulesWithLineAndColumn() throws IOException {
    Path file = tmp.resolve("config.yaml");
    Files.writeString(
        file,
        """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        systemCgroups: /system.slice
        shutdownGracePeriodCriticalPods: 30s
        """);
    CliRun r = CliRun.run("validate", file.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .contains(file + ":3:16: error: systemCgroups (/system.slice) needs cgroupRoot" + SUFFIX)
        .contains(
            file
                + ":4:34: error: shutdownGracePeriodCriticalPods (30s) must be <= shutdownGracePeriod (0s, the"
                + " default)"
                + SUFFIX);
  }
}
