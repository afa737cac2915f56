package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diff never follows a link out of the node directory it reads, never reads /proc, and never echoes
 * a file that is not what it should be (issue 17 item 5): exit 3 naming the file, its content
 * nowhere in the output.
 */
class SymlinkReadsTest {
  private static final String SECRET = "root:$6$s3cr3tHash:19000:0:99999:7:::";

  @TempDir Path tmp;

  private Path secret() throws IOException {
    return Files.writeString(tmp.resolve("shadow"), SECRET + "\ndaemon:*:19000:0:99999:7:::\n");
  }

  private static void refusedWithoutEcho(CliRun r, String named) {
    assertThat(r.code()).as("stdout %s%nstderr %s", r.out(), r.err()).isEqualTo(3);
    assertThat(r.err()).contains(named).doesNotContain("s3cr3t").doesNotContain("PATH=");
    assertThat(r.out()).doesNotContain("s3cr3t");
  }

  @Test
  void aFleetNodeWhoseConfigIsALinkOutOfTheTreeIsRefused() throws IOException {
    Path node = Files.createDirectories(tmp.resolve("nodes/worker-1"));
    Files.createSymbolicLink(node.resolve("config.yaml"), secret());
    Files.writeString(node.resolve("kubelet.args"), "--config=/var/lib/kubelet/config.yaml\n");
    Files.createDirectories(tmp.resolve("nodes/worker-2"));
    Files.writeString(tmp.resolve("nodes/worker-2/kubelet.args"), "--v=0\n");
    refusedWithoutEcho(
        CliRun.run("diff", "--kubelet-config", tmp.resolve("nodes").toString()),
        "symbolic link leading outside");
  }

  @Test
  void aNodeConfigLinkedToProcIsRefused() throws IOException {
    Path node = Files.createDirectories(tmp.resolve("node"));
    Files.createSymbolicLink(node.resolve("config.yaml"), Path.of("/proc/self/environ"));
    refusedWithoutEcho(CliRun.run("diff", "--kubelet-config", node.toString()), "config.yaml");
  }

  @Test
  void procSelfEnvironAsTheKubeletConfigIsRefused() {
    refusedWithoutEcho(
        CliRun.run("diff", "--kubelet-config", "/proc/self/environ"), "/proc/self/environ");
  }

  @Test
  void aConfigThatIsNotAKubeletConfigurationIsNamedNotQuoted() throws IOException {
    refusedWithoutEcho(
        CliRun.run("diff", "--kubelet-config", secret().toString()), "not a KubeletConfiguration");
  }

  @Test
  void anArgumentsFileThatIsNoneOfTheKnownShapesIsNamedNotQuoted() throws IOException {
    refusedWithoutEcho(
        CliRun.run("diff", "--kubelet-args-file", secret().toString()),
        "not a systemd unit, an environment file or a kubelet command line");
  }
}
