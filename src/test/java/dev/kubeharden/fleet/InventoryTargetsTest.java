package dev.kubeharden.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An inventory whose clusters use three different targets: each pool gets its target's files. */
class InventoryTargetsTest {
  private static final String INVENTORY = "src/test/resources/fleet/targets/inventory.yaml";

  @TempDir Path tmp;

  @Test
  void eachClusterGetsItsTargetsFiles() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.run("generate", "--inventory", INVENTORY, "--out", out.toString());
    r.assertOk();
    assertThat(out.resolve("onprem/workers/kubeadm/kubelet-configuration.yaml")).isRegularFile();
    assertThat(out.resolve("onprem/workers/cluster-api/kubeadmconfigtemplate.yaml"))
        .isRegularFile();
    assertThat(out.resolve("onprem/workers/node")).doesNotExist();
    assertThat(out.resolve("edge/gpu/rke2/etc/rancher/rke2/kubelet.conf.d/50-kubeharden.conf"))
        .content()
        .contains("podPidsLimit: 8192");
    assertThat(out.resolve("edge/workers/rke2/etc/rancher/rke2/kubelet.conf.d/50-kubeharden.conf"))
        .content()
        .contains("podPidsLimit: 4096");
    assertThat(out.resolve("aws/general/eks/nodeconfig.yaml"))
        .content()
        .contains("kind: NodeConfig");
    assertThat(Files.readString(out.resolve("edge/workers/REPORT.md")))
        .contains("## What each target cannot guarantee", "### rke2", "readOnlyPort");
    assertThat(out.resolve("aws/cluster/namespaces.yaml")).isRegularFile();
  }

  @Test
  void anUnknownTargetIsAnInputErrorWithItsPosition() throws IOException {
    Path inv = tmp.resolve("bad.yaml");
    Files.writeString(
        inv,
        """
        apiVersion: kubeharden.dev/v1alpha1
        kind: Inventory
        clusters:
          - name: a
            targets: [rke3]
            nodePools:
              - name: p
        """);
    CliRun r =
        CliRun.run("generate", "--inventory", inv.toString(), "--out", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .startsWith(inv + ":5:15: error: unknown target \"rke3\"; did you mean \"rke2\"?");
    assertThat(tmp.resolve("o")).doesNotExist();
  }
}
