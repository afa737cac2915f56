package dev.kubeharden.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node directory's signature is what its inspection reads, without the directory: equal for
 * copies, different as soon as anything the inspection meets is, and absent where the directory
 * holds a link or a text naming it.
 */
class NodeSignatureTest {
  private static final String CONFIG =
      "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
  private static final String DROPIN = "etc/kubernetes/kubelet.conf.d";

  @TempDir Path tmp;

  @BeforeEach
  void nodes() throws IOException {
    for (String n : new String[] {"a", "b"}) {
      Path node = tmp.resolve(n);
      Files.createDirectories(node.resolve("var/lib/kubelet"));
      Files.createDirectories(node.resolve(DROPIN + "/sub"));
      Files.createDirectories(node.resolve("etc/systemd/system/kubelet.service.d"));
      Files.writeString(node.resolve("var/lib/kubelet/config.yaml"), CONFIG);
      Files.writeString(node.resolve(DROPIN + "/50-a.conf"), CONFIG + "readOnlyPort: 0\n");
      Files.writeString(node.resolve(DROPIN + "/sub/60-b.conf"), CONFIG);
      Files.writeString(node.resolve(DROPIN + "/notes.txt"), "not read\n");
      Files.writeString(
          node.resolve("etc/systemd/system/kubelet.service.d/10-kubeadm.conf"),
          "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml"
              + " --config-dir=/etc/kubernetes/kubelet.conf.d\n");
    }
  }

  private NodeSignature of(String name) {
    return NodeSignature.of(NodeLayout.of(name, tmp.resolve(name)), new HashMap<>());
  }

  @Test
  void copiesHaveEqualSignaturesAndTheTextsReadAreHandedOn() {
    Map<Path, String> reads = new HashMap<>();
    NodeSignature a = NodeSignature.of(NodeLayout.of("a", tmp.resolve("a")), reads);
    NodeSignature b = of("b");
    assertThat(a).isNotNull().isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.dir()).isEqualTo(tmp.resolve("a"));
    assertThat(b.dir()).isEqualTo(tmp.resolve("b"));
    assertThat(reads)
        .containsEntry(tmp.resolve("a/var/lib/kubelet/config.yaml"), CONFIG)
        .containsEntry(tmp.resolve("a/" + DROPIN + "/sub/60-b.conf"), CONFIG)
        .hasSize(4);
    // A file the inspection does not read does not count.
    assertThat(a.parts().toString()).doesNotContain("notes.txt");
  }

  @Test
  void anythingTheInspectionMeetsMakesThemDiffer() throws IOException {
    NodeSignature a = of("a");
    Files.writeString(tmp.resolve("b/" + DROPIN + "/sub/60-b.conf"), CONFIG + "\n");
    assertThat(of("b")).isNotEqualTo(a);
    Files.writeString(tmp.resolve("b/" + DROPIN + "/sub/60-b.conf"), CONFIG);
    assertThat(of("b")).isEqualTo(a);

    Files.writeString(tmp.resolve("b/" + DROPIN + "/sub/70-c.conf"), "");
    assertThat(of("b")).isNotEqualTo(a);
    Files.delete(tmp.resolve("b/" + DROPIN + "/sub/70-c.conf"));

    Files.createDirectories(tmp.resolve("b/" + DROPIN + "/empty"));
    assertThat(of("b")).isNotEqualTo(a);
    Files.delete(tmp.resolve("b/" + DROPIN + "/empty"));

    Files.delete(tmp.resolve("b/var/lib/kubelet/config.yaml"));
    assertThat(of("b")).isNotNull().isNotEqualTo(a);
  }

  @Test
  void aLinkOrATextNamingTheDirectoryLeavesTheNodeWithout() throws IOException {
    Files.delete(tmp.resolve("b/" + DROPIN + "/sub/60-b.conf"));
    Files.createSymbolicLink(
        tmp.resolve("b/" + DROPIN + "/sub/60-b.conf"), tmp.resolve("b/" + DROPIN + "/50-a.conf"));
    assertThat(of("b")).isNull();

    Files.writeString(
        tmp.resolve("a/var/lib/kubelet/config.yaml"),
        CONFIG + "staticPodPath: " + tmp.resolve("a") + "/manifests\n");
    assertThat(of("a")).isNull();
  }
}
