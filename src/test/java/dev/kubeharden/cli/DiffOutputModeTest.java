package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code diff --output FILE} is 0600 whatever the format (the report can hold a node's
 * configuration), created with that mode, and replaces what is at FILE without following a link.
 */
class DiffOutputModeTest {
  private static final String NODE = "src/test/resources/diff/systemd-flag-undoes";

  @TempDir Path tmp;

  private static CliRun diff(String format, Path output) {
    return CliRun.run(
        "diff", "--kubelet-config", NODE, "--format", format, "--output", output.toString());
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "sarif", "junit", "markdown"})
  void aNewReportIsOwnerOnly(String format) throws Exception {
    Path out = tmp.resolve("report." + format);
    CliRun r = diff(format, out);
    assertThat(r.code()).as(r.err()).isEqualTo(4);
    assertThat(r.err()).isEqualTo("wrote " + out + "\n");
    assertThat(Files.size(out)).isPositive();
    assertThat(mode(out)).isEqualTo("rw-------");
    try (var left = Files.list(tmp)) {
      assertThat(left).containsExactly(out);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "sarif", "junit", "markdown"})
  void aReportReplacingAWorldReadableFileIsOwnerOnly(String format) throws Exception {
    Path out = tmp.resolve("report");
    Files.writeString(out, "old\n");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(diff(format, out).code()).isEqualTo(4);
    assertThat(Files.readString(out)).isNotEqualTo("old\n");
    assertThat(mode(out)).isEqualTo("rw-------");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "sarif", "junit", "markdown"})
  void aLinkAtTheOutputIsReplacedNeverFollowed(String format) throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim"), "not a report\n");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
    Path out = Files.createSymbolicLink(tmp.resolve("report"), victim);
    assertThat(diff(format, out).code()).isEqualTo(4);
    assertThat(Files.isSymbolicLink(out)).isFalse();
    assertThat(mode(out)).isEqualTo("rw-------");
    assertThat(Files.readString(victim)).isEqualTo("not a report\n");
    assertThat(mode(victim)).isEqualTo("rw-r--r--");
  }
}
