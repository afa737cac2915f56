package dev.kubeharden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs migrate refuses: usage errors (exit 2) before any work, and nodes it cannot migrate
 * without changing them, or that the kubelet would refuse (exit 3, one line at the setting); in
 * every case nothing is written.
 */
class MigrateBadInputTest {
  private static final String RES = "src/test/resources/";
  private static final String KUBEADM_CONFIG = RES + "diff/kubeadm/config.yaml";

  @TempDir Path tmp;

  private Path out() {
    return tmp.resolve("out");
  }

  private CliRun migrate(String... args) {
    List<String> all = new ArrayList<>(List.of("migrate", "--out", out().toString()));
    all.addAll(List.of(args));
    return CliRun.run(all);
  }

  private void assertUsage(CliRun r, String message) {
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message).contains("Try 'kubeharden migrate --help'.");
    assertThat(r.out()).isEmpty();
    assertThat(out()).doesNotExist();
  }

  /** Exit 3: exactly the given error lines, then the count and "nothing was written". */
  private void assertRefused(CliRun r, String... errors) {
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
    assertThat(r.errorLines()).hasSize(errors.length);
    for (int i = 0; i < errors.length; i++) {
      assertThat(r.errorLines().get(i)).startsWith(errors[i]);
    }
    assertThat(r.err())
        .endsWith(
            errors.length + (errors.length == 1 ? " error" : " errors") + "; nothing was written\n")
        .doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
    assertThat(out()).doesNotExist();
  }

  @Test
  void withoutTheKubeletsArgumentsThereIsNothingToMigrate() {
    // dropin-undoes holds config.yaml and conf.d/, but no unit, environment file or ps line.
    assertUsage(
        migrate("--kubelet-config", RES + "diff/dropin-undoes"), "give the kubelet's arguments");
    assertUsage(migrate("--kubelet-config", KUBEADM_CONFIG), "give the kubelet's arguments");
    assertUsage(migrate(), "give a node input");
  }

  @Test
  void oneNodeAtATime() {
    assertUsage(migrate("--kubelet-config", RES + "diff"), "is not a node directory");
    assertUsage(migrate("--kubelet-config", RES + "diff/configz"), "holds configz.json");
    assertUsage(
        migrate("--root", RES + "diff-layouts/kubeadm/root", "--kubelet-args", "--v=2"),
        "--root reads the node's own files");
    assertUsage(migrate("--root", KUBEADM_CONFIG), "--root must be a directory");
  }

  @Test
  void blankKubeletArgsAreInvalidInputAtTheOption() {
    assertRefused(
        migrate("--kubelet-args", " "), "--kubelet-args:1:1: error: no kubelet arguments");
  }

  @Test
  void theOutputDirectoryIsRequired() {
    CliRun r = CliRun.run("migrate", "--kubelet-config", RES + "diff/kubeadm");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--out=DIR'");
  }

  @Test
  void aForbiddenFlagWithoutAConfigFieldIsRefusedNotDropped() {
    // CIS 4.2.7: --hostname-override must not be passed; dropping it would rename the node.
    assertRefused(
        migrate("--kubelet-config", RES + "diff/legacy-flags"),
        RES
            + "diff/legacy-flags/kubelet.args:1:195: error: --hostname-override is passed, but control"
            + " CIS-1.12:4.2.7 forbids it");
  }

  @Test
  void aNodeTheKubeletWouldNotStartOnIsRefused() {
    // kubeadm-flags.env of a 1.33 kubeadm passes --pod-infra-container-image, removed in 1.35.
    assertRefused(
        migrate("--kubelet-config", RES + "diff/kubeadm", "--k8s-version", "1.35"),
        RES
            + "diff/kubeadm/kubeadm-flags.env:1:95: error: the kubelet does not start on these inputs,"
            + " so there is nothing to migrate: unknown flag: --pod-infra-container-image");
  }

  @Test
  void settingsThatConflictWithTheHardeningAreRefusedAsTheKubeletWould() {
    // The node runs without QoS cgroups and enforces nothing; the hardening enforces "pods", which
    // validation.go refuses without cgroupsPerQOS.
    CliRun r =
        migrate(
            "--k8s-version",
            "1.34",
            "--kubelet-config",
            KUBEADM_CONFIG,
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf"
                + " --cgroups-per-qos=false --enforce-node-allocatable=");
    assertRefused(
        r,
        "profiles/baseline.yaml:265:33: error: after migration: cgroupsPerQOS must be true when"
            + " \"pods\" is in enforceNodeAllocatable; the kubelet refuses to start");
    assertThat(r.err())
        .contains(
            "the node sets cgroupsPerQOS (--kubelet-args:1:81), the hardening sets"
                + " enforceNodeAllocatable (SEED:9)");
  }

  @Test
  void aRequirementThatOnlyTheNodeCanMeetIsRefused() {
    // STIG V-242397 requires staticPodPath unset; kubeadm sets it, and unsetting it stops static
    // pods.
    assertRefused(
        migrate(
            "--root",
            RES + "diff-layouts/kubeadm/root",
            "--k8s-version",
            "1.33",
            "--profile",
            "stig"),
        RES
            + "diff-layouts/kubeadm/root/var/lib/kubelet/config.yaml:45:16: error: staticPodPath would"
            + " still fail STIG:V-242397 after migration");
  }

  @Test
  void aTwinFlagKubehardenCannotTypeIsRefusedWhenTheHardeningSetsItsField() {
    assertRefused(
        migrate(
            "--kubelet-config",
            RES + "migrate/kubeadm-flags",
            "--k8s-version",
            "1.34",
            "--profile",
            RES + "migrate/profiles/taints.yaml"),
        RES
            + "migrate/kubeadm-flags/kubeadm-flags.env:1:378: error: --register-with-taints sets"
            + " registerWithTaints, which the hardening sets too");
  }

  @Test
  void aFlagKubehardenDoesNotKnowIsRefused() {
    assertRefused(
        migrate(
            "--kubelet-args",
            "--kubeconfig=/etc/kubernetes/kubelet.conf --container-runtime=remote"),
        "--kubelet-args:1:43: error: flag --container-runtime is not one kubeharden knows");
  }

  @Test
  void aConfigFileOrDropInDirectoryTheKubeletReadsMustBeGiven() {
    assertRefused(
        migrate(
            "--kubelet-args",
            "--kubeconfig=/x --config=/var/lib/kubelet/config.yaml"
                + " --config-dir=/etc/kubernetes/kubelet.conf.d"),
        "--kubelet-args:1:17: error: the kubelet reads --config=/var/lib/kubelet/config.yaml, which was"
            + " not given",
        "--kubelet-args:1:55: error: the kubelet reads drop-ins from"
            + " --config-dir=/etc/kubernetes/kubelet.conf.d, which was not given");
  }

  @Test
  void aFlagValueSystemdWouldExpandIsRefused() {
    assertRefused(
        migrate("--kubelet-args", "--kubeconfig=/x --node-labels=team=$TEAM"),
        "--kubelet-args:1:17: error: --node-labels: a control character, $ or % cannot be written");
  }

  @Test
  void aNodeWhoseKubeletRunsInsideK3sIsRefused() {
    assertRefused(
        migrate("--root", RES + "diff-layouts/k3s/root"),
        "root: error: cannot read what this node's kubelet runs with: k3s runs the kubelet inside its"
            + " own process");
  }

  @Test
  void aBrokenInputFileIsAnInputError() throws IOException {
    Path config = tmp.resolve("config.yaml");
    Files.writeString(
        config,
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: lots\n",
        StandardCharsets.UTF_8);
    CliRun r =
        migrate(
            "--kubelet-config",
            config.toString(),
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml --kubeconfig=/x");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.errorLines()).singleElement().asString().startsWith(config + ":3:10: error:");
    assertThat(out()).doesNotExist();
  }

  @Test
  void anOutputDirectoryThatIsNotAPreviousBundleIsLeftAlone() throws IOException {
    Files.createDirectories(out());
    Files.writeString(out().resolve("NOTES.md"), "mine\n", StandardCharsets.UTF_8);
    CliRun r = migrate("--kubelet-config", RES + "diff/kubeadm", "--k8s-version", "1.34");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("refusing to replace it");
    try (var s = Files.list(out())) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("NOTES.md");
    }
  }

  @Test
  void aDropInThatWouldReplaceTheMigratedCommandLineIsRefused() throws IOException {
    Path root = tmp.resolve("root");
    Path src = Path.of(RES + "diff-layouts/kubeadm/root");
    try (var s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = root.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    Path debug = root.resolve("etc/systemd/system/kubelet.service.d/90-debug.conf");
    Files.createDirectories(debug.getParent());
    Files.writeString(
        debug,
        "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml"
            + " --kubeconfig=/etc/kubernetes/kubelet.conf --v=4\n",
        StandardCharsets.UTF_8);
    assertRefused(
        migrate("--root", root.toString(), "--k8s-version", "1.33"),
        debug + ":2:1: error: this drop-in sorts after 20-kubeharden.conf and sets ExecStart=");
  }
}
