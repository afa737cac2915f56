package dev.kubeharden.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diff --node against a kubectl that never answers, or that writes much more than a pipe holds on
 * stderr (issue 17 item 10). kubectl is a fake here (a shell script named fake-kubectl): nothing
 * real can stand in for an API server that stalls.
 */
class KubectlConfigzTest {
  private static final String CONFIGZ = "{\"kubeletconfig\": {\"readOnlyPort\": 0}}";

  @TempDir Path tmp;

  private String fakeKubectl(String body) throws IOException {
    Path script = tmp.resolve("fake-kubectl");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script.toString();
  }

  @Test
  void aKubectlThatNeverAnswersIsKilledAtTheDeadline() throws IOException {
    String kubectl = fakeKubectl("sleep 600");
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> KubectlConfigz.fetch(kubectl, "n1", Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer within 2 s"));
  }

  @Test
  void aKubectlThatStallsAfterSomeOutputIsKilledToo() throws IOException {
    String kubectl = fakeKubectl("printf '{\"kubeletconfig\": {'; sleep 600");
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> KubectlConfigz.fetch(kubectl, "n1", Duration.ofSeconds(2)))
                .hasMessageContaining("did not answer"));
  }

  @Test
  void moreThanAPipeOfStderrDoesNotDeadlock() throws IOException {
    String kubectl =
        fakeKubectl("head -c 1048576 /dev/zero | tr '\\0' 'w' >&2; printf '%s' '" + CONFIGZ + "'");
    String out =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> KubectlConfigz.fetch(kubectl, "n1", Duration.ofSeconds(15)));
    assertThat(out).isEqualTo(CONFIGZ);
  }

  @Test
  void aFailureIsOneSanitisedLineOfStderr() throws IOException {
    String kubectl =
        fakeKubectl(
            "head -c 200000 /dev/zero | tr '\\0' 'o'; printf 'Error from server (Forbidden):"
                + " \\033[31mno\\n second line\\n' >&2; exit 1");
    assertThatThrownBy(() -> KubectlConfigz.fetch(kubectl, "n1", Duration.ofSeconds(15)))
        .hasMessage(
            "kubectl failed fetching configz of node n1: Error from server (Forbidden): ?[31mno");
  }
}
