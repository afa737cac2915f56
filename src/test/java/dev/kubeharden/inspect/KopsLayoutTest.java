package dev.kubeharden.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.ValueSource;
import dev.kubeharden.testing.CliRun;
import org.junit.jupiter.api.Test;

/**
 * A kOps node, as nodeup lays it out (kubernetes/kops nodeup/pkg/model/kubelet.go): the unit
 * kubelet.service runs {@code /usr/local/bin/kubelet "$DAEMON_ARGS"} with {@code
 * EnvironmentFile=/etc/sysconfig/kubelet}, whose DAEMON_ARGS end in {@code
 * --config=/var/lib/kubelet/kubelet.conf} (buildSystemdEnvironmentFile), the KubeletConfiguration
 * nodeup encodes from the cluster spec (buildKubeletComponentConfig).
 */
class KopsLayoutTest {
  private static final String ROOT = "src/test/resources/diff-layouts/kops/root";

  @Test
  void diffRootReadsTheSysconfigFlagsAndKubeletConf() {
    KubeVersion v = KubeVersion.parseOrNull("1.34");
    EffectiveConfig ec =
        NodeInspector.inspect(RootLayout.of("kops", java.nio.file.Path.of(ROOT), v), v);
    assertThat(ec.starts()).as(String.valueOf(ec.startFailures())).isTrue();
    assertThat(ec.lookup("authentication.anonymous.enabled").value()).isEqualTo(false);
    assertThat(ec.lookup("authentication.anonymous.enabled").source()).isEqualTo(ValueSource.FILE);
    assertThat(ec.lookup("authentication.anonymous.enabled").position().source())
        .endsWith("var/lib/kubelet/kubelet.conf");
    assertThat(ec.flag("hostname-override").value()).isEqualTo("i-0a1b2c3d4e5f60718");
    CliRun r = CliRun.run("diff", "--root", ROOT, "--k8s-version", "1.34");
    assertThat(r.out()).doesNotContain("unknown").contains("--hostname-override");
  }
}
