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
 * diff --node and --all-nodes against a kubectl that never starts serving, or that writes much more
 * than a pipe holds on stderr (issue 17 item 10). kubectl is a fake here (a shell script named
 * fake-kubectl): nothing real can stand in for a kubectl that stalls.
 */
class KubectlProxyBoundsTest {
  private static final Duration CALL = Duration.ofSeconds(5);

  @TempDir Path tmp;

  private String fakeKubectl(String body) throws IOException {
    Path script = tmp.resolve("fake-kubectl");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script.toString();
  }

  @Test
  void aKubectlThatNeverServesIsKilledAtTheDeadline() throws IOException {
    String kubectl = fakeKubectl("sleep 600");
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> KubectlProxy.start(kubectl, CALL, Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .hasMessage("kubectl proxy did not start within 2 s"));
  }

  @Test
  void aKubectlThatStallsAfterPartOfItsLineIsKilledToo() throws IOException {
    String kubectl = fakeKubectl("printf 'Starting to serve on 127.0.0.1:'; sleep 600");
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> KubectlProxy.start(kubectl, CALL, Duration.ofSeconds(2)))
                .hasMessageStartingWith("kubectl proxy did not start within 2 s"));
  }

  @Test
  void moreThanAPipeOfStderrDoesNotDeadlock() throws IOException {
    String kubectl =
        fakeKubectl(
            "head -c 1048576 /dev/zero | tr '\\0' 'w' >&2;"
                + " echo 'Starting to serve on 127.0.0.1:40123'; sleep 600");
    try (KubectlProxy proxy =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> KubectlProxy.start(kubectl, CALL, Duration.ofSeconds(15)))) {
      assertThat(proxy.stderr()).startsWith("wwww").hasSizeLessThanOrEqualTo(65536 + 8192);
    }
  }

  @Test
  void aFailureIsOneSanitisedLineOfStderr() throws IOException {
    String kubectl =
        fakeKubectl(
            "head -c 200000 /dev/zero | tr '\\0' 'o'; printf 'error: \\033[31mno context\\n"
                + " second line\\n' >&2; exit 1");
    assertThatThrownBy(() -> KubectlProxy.start(kubectl, CALL, Duration.ofSeconds(15)))
        .hasMessage("kubectl proxy failed (exit 1): error: ?[31mno context");
  }
}
