package dev.kubeharden.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.ValueSource;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code diff --root}: the node layouts of src/test/resources/diff-layouts, each checked against
 * the effective values its README lists.
 */
class RootLayoutTest {
  private static final Path LAYOUTS = Path.of("src/test/resources/diff-layouts");

  private static EffectiveConfig root(String layout, String minor) {
    KubeVersion v = KubeVersion.parseOrNull(minor);
    return NodeInspector.inspect(RootLayout.of(layout, LAYOUTS.resolve(layout + "/root"), v), v);
  }

  private static Object value(EffectiveConfig ec, String path) {
    return ec.lookup(path).value();
  }

  @Test
  void kubeadmRpmNodeFromTheUsrLibUnitItsDropInAndEnvironmentFiles() {
    EffectiveConfig ec = root("kubeadm", "1.33");
    assertThat(ec.starts()).isTrue();
    assertThat(value(ec, "authentication.anonymous.enabled")).isEqualTo(false);
    assertThat(ec.lookup("authentication.anonymous.enabled").source()).isEqualTo(ValueSource.FILE);
    assertThat(value(ec, "authentication.webhook.enabled")).isEqualTo(true);
    assertThat(value(ec, "authentication.webhook.cacheTTL")).isEqualTo("2m0s");
    assertThat(value(ec, "authentication.x509.clientCAFile"))
        .isEqualTo("/etc/kubernetes/pki/ca.crt");
    assertThat(value(ec, "authorization.mode")).isEqualTo("Webhook");
    assertThat(value(ec, "authorization.webhook.cacheAuthorizedTTL")).isEqualTo("5m0s");
    assertThat(value(ec, "cgroupDriver")).isEqualTo("systemd");
    assertThat(value(ec, "clusterDNS")).isEqualTo(List.of("10.96.0.10"));
    assertThat(value(ec, "containerRuntimeEndpoint"))
        .isEqualTo("unix:///var/run/containerd/containerd.sock");
    assertThat(ec.lookup("containerRuntimeEndpoint").source()).isEqualTo(ValueSource.FLAG);
    assertThat(value(ec, "readOnlyPort")).isEqualTo(0L);
    assertThat(value(ec, "rotateCertificates")).isEqualTo(true);
    assertThat(value(ec, "staticPodPath")).isEqualTo("/etc/kubernetes/manifests");
    assertThat(value(ec, "resolvConf")).isEqualTo("/etc/resolv.conf");
    assertThat(value(ec, "streamingConnectionIdleTimeout")).isEqualTo("4h0m0s");
    assertThat(value(ec, "nodeStatusReportFrequency")).isEqualTo("5m0s");
    assertThat(ec.flag("pod-infra-container-image").value())
        .isEqualTo("registry.k8s.io/pause:3.10");
    assertThat(ec.flag("kubeconfig").value()).isEqualTo("/etc/kubernetes/kubelet.conf");
  }

  @Test
  void theKubeadmNodeDoesNotStartOn135() {
    // kubeadm-flags.env of a 1.33 kubeadm still passes --pod-infra-container-image (removed in
    // 1.35).
    assertThat(root("kubeadm", "1.35").starts()).isFalse();
  }

  @Test
  void eksAl2023NodeadmConfigJsonItsDropInAndTheEnvironmentFile() {
    EffectiveConfig ec = root("eks-al2023", "1.34");
    assertThat(ec.starts()).isTrue();
    assertThat(value(ec, "maxPods")).isEqualTo(58L);
    assertThat(ec.lookup("maxPods").source()).isEqualTo(ValueSource.DROP_IN);
    assertThat(value(ec, "kubeReserved.memory")).isEqualTo("574Mi");
    assertThat(value(ec, "authentication.anonymous.enabled")).isEqualTo(false);
    assertThat(value(ec, "authentication.x509.clientCAFile"))
        .isEqualTo("/etc/kubernetes/pki/ca.crt");
    assertThat(value(ec, "authorization.mode")).isEqualTo("Webhook");
    assertThat(value(ec, "readOnlyPort")).isEqualTo(0L);
    assertThat(value(ec, "protectKernelDefaults")).isEqualTo(true);
    assertThat(value(ec, "serverTLSBootstrap")).isEqualTo(true);
    assertThat(value(ec, "cgroupDriver")).isEqualTo("systemd");
    assertThat(value(ec, "clusterDNS")).isEqualTo(List.of("10.100.0.10"));
    assertThat(value(ec, "hairpinMode")).isEqualTo("hairpin-veth");
    assertThat(value(ec, "logging.verbosity")).isEqualTo(2L);
    assertThat(value(ec, "serializeImagePulls")).isEqualTo(false);
    assertThat(value(ec, "shutdownGracePeriod")).isEqualTo("2m30s");
    assertThat(value(ec, "evictionHard.memory.available")).isEqualTo("100Mi");
    assertThat(value(ec, "evictionHard.imagefs.available")).isNull();
    assertThat(value(ec, "featureGates.RotateKubeletServerCertificate")).isEqualTo(true);
    assertThat(ec.flag("hostname-override").value())
        .isEqualTo("ip-192-0-2-11.us-west-2.compute.internal");
    assertThat(ec.flag("runtime-cgroups").value()).isEqualTo("/runtime.slice/containerd.service");
  }

  @Test
  void k3sAndRke2EmbedTheKubeletSoTheirRootAloneIsUnknownNeverPass() {
    for (String layout : List.of("k3s", "rke2")) {
      CliRun r = CliRun.run("diff", "--root", LAYOUTS.resolve(layout + "/root").toString());
      assertThat(r.code()).as(layout).isEqualTo(4);
      assertThat(r.out())
          .as(layout)
          .contains("node root: unknown; 0 controls pass, 0 fail")
          .contains(layout + " runs the kubelet inside its own process")
          .doesNotContain("no drift");
    }
  }

  @Test
  void k3sWithItsArgumentsAndDropInDirectory() throws IOException {
    Path l = LAYOUTS.resolve("k3s");
    String args = Files.readString(l.resolve("kubelet-args"), StandardCharsets.UTF_8).strip();
    EffectiveConfig ec =
        NodeInspector.inspect(
            NodeInputs.files(
                "k3s",
                null,
                l.resolve("root/var/lib/rancher/k3s/agent/etc/kubelet.conf.d"),
                args,
                List.of()),
            KubeVersion.parseOrNull("1.34"));
    assertThat(value(ec, "maxPods")).isEqualTo(200L);
    assertThat(value(ec, "authentication.anonymous.enabled")).isEqualTo(false);
    assertThat(value(ec, "authorization.mode")).isEqualTo("Webhook");
    assertThat(value(ec, "containerRuntimeEndpoint"))
        .isEqualTo("unix:///run/k3s/containerd/containerd.sock");
    assertThat(value(ec, "failSwapOn")).isEqualTo(false);
    assertThat(value(ec, "evictionHard.nodefs.available")).isEqualTo("5%");
    assertThat(value(ec, "evictionMinimumReclaim.imagefs.available")).isEqualTo("10%");
    assertThat(value(ec, "staticPodPath")).isEqualTo("/var/lib/rancher/k3s/agent/pod-manifests");
  }
}
