package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * --templates is a tree read like a node directory (issue 17 item 5): no template is read through a
 * link leading out of it, none from /proc, /dev or /sys, and a file that is not a template of ours
 * (no mustache tag, not UTF-8, not a regular file) is named, never quoted. Exit 3, nothing written.
 */
class TemplateLinksTest {
  private static final String SECRET = "root:$6$s3cr3tHash:19000:0:99999:7:::";
  private static final String DROPIN = "node/kubelet-systemd-dropin.conf.mustache";

  @TempDir Path tmp;

  /**
   * How a case spoils the templates directory {@code dir} ({@code outside} holds the secret): the
   * directory to give as --templates.
   */
  interface Spoil {
    Path apply(Path dir, Path outside) throws Exception;
  }

  /** A case that changes something inside the directory and gives the directory itself. */
  interface Change {
    void apply(Path dir, Path outside) throws Exception;
  }

  private static Named<Spoil> in(String name, Change c) {
    return Named.of(
        name,
        (d, o) -> {
          c.apply(d, o);
          return d;
        });
  }

  static Stream<Named<Spoil>> hostile() {
    return Stream.of(
        in(
            "a template linked to a file outside",
            (d, o) -> link(d.resolve(DROPIN), o.resolve("secret"))),
        in(
            "a template linked outside by a relative link",
            (d, o) -> link(d.resolve(DROPIN), Path.of("../../outside/secret"))),
        in(
            "a template linked to /proc/self/environ",
            (d, o) -> link(d.resolve(DROPIN), Path.of("/proc/self/environ"))),
        in(
            "a template linked to /etc/passwd",
            (d, o) -> link(d.resolve("REPORT.md.mustache"), Path.of("/etc/passwd"))),
        in(
            "a template linked to /dev/zero",
            (d, o) -> link(d.resolve(DROPIN), Path.of("/dev/zero"))),
        in(
            "a template directory linked outside",
            (d, o) -> {
              Files.createDirectories(o.resolve("node"));
              Files.writeString(o.resolve(DROPIN), "{{#x}}" + SECRET + "{{/x}}\n");
              Files.delete(d.resolve("node"));
              Files.createSymbolicLink(d.resolve("node"), o.resolve("node"));
            }),
        in("a dangling template link", (d, o) -> link(d.resolve(DROPIN), o.resolve("gone"))),
        in(
            "a copy of a password file as a template",
            (d, o) -> Files.writeString(d.resolve(DROPIN), SECRET + "\n")),
        in(
            "a template that is a FIFO",
            (d, o) -> {
              Path f = d.resolve(DROPIN);
              Process p = new ProcessBuilder("mkfifo", f.toString()).start();
              assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
              assertThat(p.exitValue()).isZero();
            }),
        in(
            "a template that is not UTF-8",
            (d, o) ->
                Files.write(d.resolve(DROPIN), new byte[] {'{', '{', 'x', '}', '}', (byte) 0xff})),
        Named.of("--templates /proc/self", (d, o) -> Path.of("/proc/self")),
        Named.of("--templates /proc/self/root", (d, o) -> Path.of("/proc/self/root")),
        Named.of("--templates /sys/kernel", (d, o) -> Path.of("/sys/kernel")),
        Named.of(
            "--templates a link to /proc/self",
            (d, o) -> Files.createSymbolicLink(d.resolveSibling("to-proc"), Path.of("/proc/self"))),
        Named.of("--templates /dev", (d, o) -> Path.of("/dev")));
  }

  private static void link(Path at, Path target) throws IOException {
    Files.deleteIfExists(at);
    Files.createSymbolicLink(at, target);
  }

  private Path templates() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), SECRET + "\n");
    Path dir = Files.createDirectories(tmp.resolve("templates/node"));
    return dir.getParent();
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void aTemplateOutOfTheTreeOrNotOfOursIsRefusedUnread(Spoil spoil) throws Exception {
    Path dir = templates();
    Path option = spoil.apply(dir, tmp.resolve("outside"));
    Path out = tmp.resolve("out");
    CliRun r = CliRun.run("generate", "--templates", option.toString(), "--out", out.toString());
    assertThat(r.code()).as("stdout %s%nstderr %s", r.out(), r.err()).isEqualTo(3);
    assertThat(r.err())
        .doesNotContain("s3cr3t")
        .doesNotContain("PATH=")
        .doesNotContain("root:x:0:0")
        .doesNotContain("Exception")
        .containsAnyOf(DROPIN, "REPORT.md.mustache", option.toString());
    assertThat(r.out()).doesNotContain("s3cr3t");
    assertThat(out).doesNotExist();
  }

  @Test
  void aLinkInsideTheTreeAndALinkedTreeAreRead() throws IOException {
    Path dir = templates();
    String shipped =
        new String(
            Files.readAllBytes(Path.of("templates").resolve(DROPIN)), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("own.mustache"), "# site template\n" + shipped);
    Files.createSymbolicLink(dir.resolve(DROPIN), Path.of("../own.mustache"));
    Path linkedTree = Files.createSymbolicLink(tmp.resolve("linked"), dir);
    Path out = tmp.resolve("out");
    CliRun r =
        CliRun.run("generate", "--templates", linkedTree.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(
            Files.readString(
                out.resolve("node/etc/systemd/system/kubelet.service.d/20-kubeharden.conf")))
        .startsWith("# site template\n");
  }
}
