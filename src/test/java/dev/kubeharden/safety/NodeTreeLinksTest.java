package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trees diff and migrate read a node from never lead a read out of themselves (issue 17 item 5;
 * the brief's tree containment): under --root a link is followed as the node follows it (an
 * absolute target from the root, ".." stopping there), so a link to /etc/shadow reads the copy's
 * etc/shadow, which is not a kubelet input and is named, never quoted; a link into the node's
 * /proc, /dev or /sys, or to nothing, is refused at the link. In a --config-dir or a node directory
 * a link whose real path leaves it is refused. Exit 3, the secret nowhere in the output.
 */
class NodeTreeLinksTest {
  private static final String SECRET = "root:$6$s3cr3tHash:19000:0:99999:7:::";
  private static final Path KUBEADM = Path.of("src/test/resources/diff-layouts/kubeadm/root");
  private static final String DROPINS = "etc/systemd/system/kubelet.service.d";
  private static final String CONFIG = "var/lib/kubelet/config.yaml";
  private static final String CONF_D = "etc/kubernetes/kubelet.conf.d";

  @TempDir Path tmp;

  /** One case: how the node copy is spoilt, then the diff options, exit code and stderr text. */
  record Case(Spoil spoil, int exit, String text) {}

  interface Spoil {
    void apply(Path root, Path outside) throws IOException;
  }

  private static Named<Case> refused(String name, String text, Spoil s) {
    return Named.of(name, new Case(s, 3, text));
  }

  private static Named<Case> read(String name, Spoil s) {
    return Named.of(name, new Case(s, 0, ""));
  }

  static Stream<Named<Case>> cases() {
    return Stream.of(
        refused(
            "a unit drop-in linked to /etc/shadow, the copy holding one",
            "not a systemd unit, an environment file or a kubelet command line",
            (r, o) -> {
              shadowIn(r);
              link(r.resolve(DROPINS + "/30-x.conf"), "/etc/shadow");
            }),
        refused(
            "a unit drop-in linked to /etc/shadow, the copy holding none",
            "which does not exist under",
            (r, o) -> link(r.resolve(DROPINS + "/30-x.conf"), "/etc/shadow")),
        refused(
            "a unit drop-in linked to /proc/self/environ",
            "under the node's /proc",
            (r, o) -> link(r.resolve(DROPINS + "/30-x.conf"), "/proc/self/environ")),
        refused(
            "a unit drop-in linked out of the copy by a relative link",
            "not a systemd unit",
            (r, o) -> {
              shadowIn(r);
              link(r.resolve(DROPINS + "/30-x.conf"), "../../../../../../../../../../etc/shadow");
            }),
        refused(
            "the config file linked to /etc/shadow",
            "not a KubeletConfiguration",
            (r, o) -> {
              shadowIn(r);
              relink(r.resolve(CONFIG), "/etc/shadow");
            }),
        refused(
            "the config file linked to /proc/self/environ",
            "under the node's /proc",
            (r, o) -> relink(r.resolve(CONFIG), "/proc/self/environ")),
        refused(
            "the config file linked to /dev/zero",
            "under the node's /dev",
            (r, o) -> relink(r.resolve(CONFIG), "/dev/zero")),
        refused(
            "the config file in a directory linked to /sys",
            "under the node's /sys",
            (r, o) -> {
              Files.delete(r.resolve(CONFIG));
              Files.delete(r.resolve("var/lib/kubelet/kubeadm-flags.env"));
              Files.delete(r.resolve("var/lib/kubelet"));
              link(r.resolve("var/lib/kubelet"), "/sys/kernel");
            }),
        refused(
            "links in a loop",
            "more than 40 symbolic links",
            (r, o) -> {
              Files.delete(r.resolve(CONFIG));
              link(r.resolve(CONFIG), "/var/lib/kubelet/loop.yaml");
              link(r.resolve("var/lib/kubelet/loop.yaml"), "config.yaml");
            }),
        refused(
            "an environment file linked to /proc/self/environ",
            "under the node's /proc",
            (r, o) -> relink(r.resolve("etc/sysconfig/kubelet"), "/proc/self/environ")),
        refused(
            "a --config-dir drop-in linked to /etc/shadow",
            "not a KubeletConfiguration drop-in",
            (r, o) -> {
              shadowIn(r);
              configDir(r);
              link(r.resolve(CONF_D + "/50-x.conf"), "/etc/shadow");
            }),
        refused(
            "a --config-dir drop-in linked to /proc/self/environ",
            "under the node's /proc",
            (r, o) -> {
              configDir(r);
              link(r.resolve(CONF_D + "/50-x.conf"), "/proc/self/environ");
            }),
        refused(
            "the --config-dir itself linked to /proc/self",
            "under the node's /proc",
            (r, o) -> {
              configDir(r);
              Files.delete(r.resolve(CONF_D));
              link(r.resolve(CONF_D), "/proc/self");
            }),
        read(
            "the config file an absolute link inside the copy",
            (r, o) -> {
              Files.move(r.resolve(CONFIG), r.resolve("var/lib/kubelet/real.yaml"));
              link(r.resolve(CONFIG), "/var/lib/kubelet/real.yaml");
            }),
        read(
            "a unit drop-in linked to /dev/null (masked)",
            (r, o) -> link(r.resolve(DROPINS + "/30-x.conf"), "/dev/null")),
        read(
            "a --config-dir sub-directory linked out of the copy is not walked, as WalkDir does not",
            (r, o) -> {
              configDir(r);
              Files.createDirectories(o.resolve("d"));
              Files.writeString(o.resolve("d/60-x.conf"), SECRET + "\n");
              link(r.resolve(CONF_D + "/60-d"), o.resolve("d").toString());
            }));
  }

  private static void shadowIn(Path root) throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/shadow"), SECRET + "\ndaemon:*:19000:0:99999:7:::\n");
  }

  private static void configDir(Path root) throws IOException {
    Files.writeString(
        root.resolve("etc/sysconfig/kubelet"), "KUBELET_EXTRA_ARGS=--config-dir=/" + CONF_D + "\n");
    Files.createDirectories(root.resolve(CONF_D));
  }

  private static void link(Path at, String target) throws IOException {
    Files.createDirectories(at.getParent());
    Files.createSymbolicLink(at, Path.of(target));
  }

  private static void relink(Path at, String target) throws IOException {
    Files.delete(at);
    link(at, target);
  }

  private Path copy() throws IOException {
    Path root = tmp.resolve("node");
    try (Stream<Path> s = Files.walk(KUBEADM)) {
      for (Path p : s.toList()) {
        Path to = root.resolve(KUBEADM.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(tmp.resolve("outside/secret"), SECRET + "\n");
    return root;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aLinkNeverLeadsAReadOutOfTheNodeCopy(Case c) throws IOException {
    Path root = copy();
    c.spoil().apply(root, tmp.resolve("outside"));
    CliRun r = CliRun.run("diff", "--root", root.toString());
    if (c.exit() == 3) {
      assertThat(r.code()).as("stdout %s%nstderr %s", r.out(), r.err()).isEqualTo(3);
    } else {
      // read: drift or none, whatever the default profile makes of the kubeadm node
      assertThat(r.code()).as("stdout %s%nstderr %s", r.out(), r.err()).isIn(0, 4);
    }
    assertThat(r.out() + r.err())
        .doesNotContain("s3cr3t")
        .doesNotContain("PATH=")
        .doesNotContain("Exception");
    if (c.exit() == 3) {
      assertThat(r.out()).isEmpty();
      assertThat(r.errorLines()).isNotEmpty();
      assertThat(r.errorLines().get(0)).contains(c.text());
    }
  }

  /** A --config-dir the user names, and a node directory's conf.d: their own trees. */
  static Stream<Named<Spoil>> dropInDirectories() {
    return Stream.of(
        Named.of(
            "a drop-in linked to a file outside",
            (d, o) -> link(d.resolve("50-x.conf"), o.resolve("secret").toString())),
        Named.of(
            "a drop-in linked outside by a relative link",
            (d, o) -> link(d.resolve("50-x.conf"), "../outside/secret")),
        Named.of(
            "a drop-in linked to /proc/self/environ",
            (d, o) -> link(d.resolve("50-x.conf"), "/proc/self/environ")),
        Named.of(
            "a drop-in that is a dangling link",
            (d, o) -> link(d.resolve("50-x.conf"), o.resolve("gone").toString())),
        Named.of(
            "a drop-in in a sub-directory linked to a file outside",
            (d, o) -> link(d.resolve("sub/50-x.conf"), o.resolve("secret").toString())),
        Named.of(
            "a drop-in that is a copy of a password file",
            (d, o) -> Files.writeString(d.resolve("50-x.conf"), SECRET + "\n")));
  }

  @ParameterizedTest
  @MethodSource("dropInDirectories")
  void aConfigDirDropInOutOfItsDirectoryIsRefused(Spoil spoil) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("conf.d"));
    Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(tmp.resolve("outside/secret"), SECRET + "\n");
    spoil.apply(dir, tmp.resolve("outside"));
    Path config = KUBEADM.resolve(CONFIG);
    CliRun r =
        CliRun.run(
            "diff",
            "--kubelet-config",
            config.toString(),
            "--config-dir",
            dir.toString(),
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml --config-dir=/etc/kubernetes/kubelet.conf.d");
    assertThat(r.code()).as("stdout %s%nstderr %s", r.out(), r.err()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("50-x.conf").doesNotContain("s3cr3t").doesNotContain("PATH=");
    // the same directory as a node directory's conf.d
    Path node = Files.createDirectories(tmp.resolve("node"));
    Files.copy(config, node.resolve("config.yaml"));
    Files.writeString(
        node.resolve("kubelet.args"), "--config=/var/lib/kubelet/config.yaml --config-dir=/x\n");
    Files.move(dir, node.resolve("conf.d"));
    CliRun n = CliRun.run("diff", "--kubelet-config", node.toString());
    assertThat(n.code()).as("stdout %s%nstderr %s", n.out(), n.err()).isEqualTo(3);
    assertThat(n.err()).contains("50-x.conf").doesNotContain("s3cr3t").doesNotContain("PATH=");
  }
}
