package dev.kubeharden.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profiles, inventories and validated files are read only when they are regular files of at most 8
 * MiB outside /proc, /dev and /sys, and a file that is not plausibly a profile is named, never
 * quoted (issue 15, classes 1 and 2).
 */
class InputFilesTest {
  private static final Duration FAST = Duration.ofSeconds(20);
  private static final String SECRET = "s3cr3t-Tok3n-value";

  @TempDir Path tmp;

  private Path child(String parent) throws IOException {
    Path p = tmp.resolve("child.yaml");
    Files.writeString(
        p,
        "apiVersion: kubeharden.dev/v1alpha1\nkind: HardeningProfile\nmetadata:\n  name: child\n"
            + "extends: [\""
            + parent
            + "\"]\n");
    return p;
  }

  /** Exit 3, the file named, nothing secret on either stream, within a few seconds. */
  private static String invalidNamed(List<String> args, String named) {
    CliRun r = assertTimeoutPreemptively(FAST, () -> CliRun.run(args));
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
    assertThat(r.err()).contains(named).doesNotContain("Exception").doesNotContain(SECRET);
    assertThat(r.out()).doesNotContain(SECRET);
    assertThat(r.errorLines()).hasSize(1);
    return r.err();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dev/zero", "/dev/urandom", "/proc/self/environ", "/sys/kernel/mm"})
  void refusesSpecialPlacesAsParents(String parent) throws IOException {
    String err =
        invalidNamed(List.of("generate", "--dry-run", "-p", child(parent).toString()), parent);
    assertThat(err).doesNotContain("PATH=");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dev/zero", "/dev/urandom", "/proc/self/environ"})
  void refusesSpecialPlacesAsTheProfileInventoryOrValidatedFile(String file) {
    invalidNamed(List.of("generate", "--dry-run", "-p", file), file);
    invalidNamed(List.of("generate", "--dry-run", "--inventory", file), file);
    invalidNamed(List.of("validate", file), file);
  }

  @Test
  void refusesARelativePathClimbingIntoProc() throws IOException {
    String up = "../".repeat(tmp.getNameCount() + 2) + "proc/self/environ";
    invalidNamed(List.of("generate", "--dry-run", "-p", child(up).toString()), "environ");
  }

  @Test
  void aFifoFailsFastInsteadOfHanging() throws Exception {
    Path fifo = tmp.resolve("fifo.yaml");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    invalidNamed(List.of("generate", "--dry-run", "-p", child(fifo.toString()).toString()), "fifo");
    invalidNamed(List.of("generate", "--dry-run", "-p", fifo.toString()), "fifo");
    invalidNamed(List.of("validate", fifo.toString()), "fifo");
  }

  @Test
  void aFileOverTheLimitIsNamedWithTheLimit() throws IOException {
    Path big = tmp.resolve("big.yaml");
    Files.writeString(big, "# " + "x".repeat(9 * 1024 * 1024) + "\n");
    assertThat(
            invalidNamed(
                List.of("generate", "--dry-run", "-p", child(big.toString()).toString()),
                "big.yaml"))
        .contains("8 MiB");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TOKEN=" + SECRET + "\nOTHER=1\n",
        "export TOKEN='" + SECRET + "'\n",
        "root:$6$" + SECRET + "$abcdef:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
        "API_TOKEN: " + SECRET + "\n",
        "- " + SECRET + "\n",
        "{\"token\": \"" + SECRET + "\"\n",
        "\"" + SECRET + "\n: [",
      })
  void aFileThatIsNotAProfileIsNamedNotQuoted(String content) throws IOException {
    Path env = tmp.resolve(".env");
    Files.writeString(env, content);
    invalidNamed(List.of("generate", "--dry-run", "-p", child(env.toString()).toString()), ".env");
    invalidNamed(List.of("generate", "--dry-run", "-p", env.toString()), ".env");
    Path inv = tmp.resolve("inventory.yaml");
    Files.writeString(inv, content);
    invalidNamed(List.of("generate", "--dry-run", "--inventory", inv.toString()), "inventory.yaml");
    invalidNamed(List.of("validate", env.toString()), ".env");
  }

  @Test
  void etcShadowIsNamedNotQuoted() {
    Path shadow = Path.of("/etc/shadow");
    if (Files.isReadable(shadow)) {
      CliRun r = CliRun.run("generate", "--dry-run", "-p", shadow.toString());
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.err()).contains("/etc/shadow").doesNotContain("root:").doesNotContain("$");
    }
  }

  @Test
  void aProfileWithAnErrorStillShowsAShortSanitisedLine() throws IOException {
    Path p = tmp.resolve("p.yaml");
    Files.writeString(
        p,
        "apiVersion: kubeharden.dev/v1alpha1\nkind: HardeningProfile\nmetadata:\n  name: p\n"
            + "bogusKey: \""
            + "y".repeat(500)
            + "\"\n");
    CliRun r = CliRun.run("generate", "--dry-run", "-p", p.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("p.yaml:5:1: error: ").contains("  bogusKey: ");
    assertThat(r.errLines()).allMatch(l -> l.length() <= 200);
  }

  @Test
  void readsAsciiAndUtf8AlikeAndRefusesBytesThatAreNotUtf8() throws IOException {
    Path ascii = tmp.resolve("ascii.yaml");
    Files.write(ascii, "kind: A\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Path utf8 = tmp.resolve("utf8.yaml");
    Files.write(utf8, "name: caf\u00e9 \u2713\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path latin1 = tmp.resolve("latin1.yaml");
    Files.write(latin1, new byte[] {'n', ':', ' ', (byte) 0xe9, '\n'});
    Path truncated = tmp.resolve("truncated.yaml");
    Files.write(truncated, new byte[] {'n', ':', ' ', (byte) 0xe2, (byte) 0x9c});
    dev.kubeharden.model.Position at = dev.kubeharden.model.Position.of("x");

    assertThat(InputFiles.read(ascii, "file", at)).isEqualTo("kind: A\n");
    assertThat(InputFiles.read(utf8, "file", at)).isEqualTo("name: caf\u00e9 \u2713\n");
    for (Path bad : List.of(latin1, truncated)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> InputFiles.read(bad, "file", at))
          .isInstanceOf(dev.kubeharden.model.InvalidInputException.class)
          .hasMessageContaining("not UTF-8 text");
    }
  }
}
