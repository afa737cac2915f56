package dev.kubeharden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule a test: how migrate carries each kind of setting of the kubeadm node of
 * src/test/resources/migrate/kubeadm-flags (its README lists what each input sets and what the
 * kubelet runs with) into the config file or the systemd drop-in.
 */
class MigrateRulesTest {
  private static final String NODE = "src/test/resources/migrate/kubeadm-flags";

  @TempDir static Path tmp;

  private static Migrated m;

  @BeforeAll
  static void migrate() {
    m = Migrated.run(tmp.resolve("out"), "--kubelet-config", NODE, "--k8s-version", "1.34");
  }

  @Test
  void aTwinFlagMovesIntoTheConfigFileAndLeavesTheCommandLine() {
    // --max-pods=250 (kubeadm-flags.env) wins over the drop-in's maxPods: 200, as flags do.
    assertThat(m.config().get("maxPods")).isEqualTo(250);
    assertThat(m.config().get("containerRuntimeEndpoint"))
        .isEqualTo("unix:///var/run/containerd/containerd.sock");
    assertThat(m.config().get("clusterDNS")).isEqualTo(List.of("10.96.0.10", "10.96.0.11"));
    assertThat(m.execStart())
        .doesNotContain("--max-pods", "--container-runtime-endpoint", "--cluster-dns");
    assertThat(m.subjects("moved"))
        .contains(
            "--max-pods=250",
            "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
            "--cluster-dns=10.96.0.10,10.96.0.11");
  }

  @Test
  void aFlagWithoutAConfigFieldStaysOnTheCommandLine() {
    assertThat(m.words())
        .containsExactly(
            "/usr/bin/kubelet",
            "--config=/var/lib/kubelet/config.yaml",
            "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
            "--kubeconfig=/etc/kubernetes/kubelet.conf",
            "--pod-infra-container-image=registry.k8s.io/pause:3.10",
            "--node-ip=10.0.0.5",
            "--node-labels=node.kubernetes.io/pool=batch",
            "--register-with-taints=dedicated=batch:NoSchedule");
    assertThat(m.subjects("kept"))
        .contains("--node-ip=10.0.0.5", "--kubeconfig=/etc/kubernetes/kubelet.conf");
    // The drop-in does not hand the kubelet kubeadm's variables any more.
    assertThat(m.execStart()).doesNotContain("$");
  }

  @Test
  void aMapFlagReplacesTheFilesWholeMap() {
    // config.yaml has imagefs.available, memory.available and nodefs.available; the flag's first
    // Set clears that map (component-base cli/flag LangleSeparatedMapStringString).
    assertThat(m.config().get("evictionHard")).isEqualTo(Map.of("memory.available", "500Mi"));
  }

  @Test
  void featureGatesFromFlagsAreMergedWithTheFilesAndTheHardenings() {
    assertThat(m.config().get("featureGates"))
        .isEqualTo(
            Map.of(
                "CPUManagerPolicyAlphaOptions", true, // config.yaml
                "MemoryQoS", true, // --feature-gates
                "RotateKubeletServerCertificate", true)); // the hardening (CIS 4.2.11)
  }

  @Test
  void aDropInsValueIsWrittenIntoTheFileAndTheDirectoryIsNoLongerRead() {
    assertThat(m.config().get("imageGCHighThresholdPercent")).isEqualTo(90);
    assertThat(m.subjects("merged")).containsExactly("imageGCHighThresholdPercent");
    assertThat(m.execStart()).doesNotContain("--config-dir");
    assertThat(m.subjects("dropped")).contains("--config-dir=/etc/kubernetes/kubelet.conf.d");
  }

  @Test
  void aTwinFlagKubehardenCannotTypeStaysAFlag() {
    assertThat(m.config().containsKey("registerWithTaints")).isFalse();
    Map<?, ?> kept =
        m.steps("kept").stream()
            .map(o -> (Map<?, ?>) o)
            .filter(o -> o.get("subject").toString().startsWith("--register-with-taints"))
            .findFirst()
            .orElseThrow();
    assertThat(kept.get("field")).isEqualTo("registerWithTaints");
    assertThat(kept.get("why").toString()).contains("cannot translate");
  }

  @Test
  void theHardeningIsAppliedAndReported() {
    assertThat(m.config().get("readOnlyPort")).isEqualTo(0);
    assertThat(m.config().get("seccompDefault")).isEqualTo(true);
    Map<?, ?> seccomp =
        m.steps("hardened").stream()
            .map(o -> (Map<?, ?>) o)
            .filter(o -> o.get("subject").equals("seccompDefault"))
            .findFirst()
            .orElseThrow();
    assertThat(seccomp.get("before")).isEqualTo(false);
    assertThat(seccomp.get("after")).isEqualTo(true);
    assertThat(seccomp.get("why")).isEqualTo("CIS-1.12:4.2.14");
    // Settings the node already had as the profile wants them are not reported as changes.
    assertThat(m.subjects("hardened")).doesNotContain("authorization.mode", "readOnlyPort");
  }

  @Test
  void aSecondRunWithTheSameInputsChangesNothing() {
    var again =
        dev.kubeharden.testing.CliRun.run(
            "migrate",
            "--out",
            m.out().toString(),
            "--kubelet-config",
            NODE,
            "--k8s-version",
            "1.34");
    assertThat(again.code()).isZero();
    assertThat(again.out())
        .startsWith(m.out() + " is up to date: node kubeadm-flags on profile cis");
  }

  @Test
  void aLegacyFlagsOnlyDefaultIsWrittenIntoTheFile() {
    // The ps line passes no --config, so the kubelet runs on applyLegacyDefaults; once it reads a
    // file those four fields would take the v1beta1 defaults, so migrate writes them. The profile
    // is baseline without the controls that would replace them.
    Migrated legacy =
        Migrated.run(
            tmp.resolve("legacy"),
            "--kubelet-config",
            "src/test/resources/diff/legacy-flags",
            "--profile",
            "src/test/resources/migrate/profiles/legacy-kept.yaml");
    assertThat(legacy.config().get("readOnlyPort")).isEqualTo(10255);
    assertThat(legacy.config().get("authorization")).isEqualTo(Map.of("mode", "AlwaysAllow"));
    assertThat(legacy.config().get("authentication"))
        .isEqualTo(
            Map.of("anonymous", Map.of("enabled", true), "webhook", Map.of("enabled", false)));
    assertThat(legacy.subjects("merged"))
        .containsExactlyInAnyOrder(
            "readOnlyPort",
            "authorization.mode",
            "authentication.anonymous.enabled",
            "authentication.webhook.enabled");
  }

  @Test
  void aFlagValueWithSpacesIsQuotedForSystemdAndReadsBackAsOneWord() {
    Migrated q =
        Migrated.run(
            tmp.resolve("quoted"),
            "--kubelet-args",
            "--kubeconfig=/etc/kubernetes/kubelet.conf"
                + " '--cloud-config=/etc/kubernetes/cloud provider.conf'");
    assertThat(q.execStart())
        .isEqualTo(
            "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml"
                + " --kubeconfig=/etc/kubernetes/kubelet.conf"
                + " \"--cloud-config=/etc/kubernetes/cloud provider.conf\"");
    var after =
        dev.kubeharden.inspect.NodeInspector.inspect(
            dev.kubeharden.inspect.NodeLayout.of("quoted", q.out().resolve("node")),
            dev.kubeharden.model.KubeVersion.DEFAULT);
    assertThat(after.flag("cloud-config").value()).isEqualTo("/etc/kubernetes/cloud provider.conf");
  }
}
