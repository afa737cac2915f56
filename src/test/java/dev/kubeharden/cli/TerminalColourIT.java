package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on a real pseudo-terminal (util-linux script): diff colours its findings there,
 * and not under NO_COLOR (no-color.org) or TERM=dumb.
 */
class TerminalColourIT {
  private static final String ESC = "\u001b[";

  private static String onTerminal(Map<String, String> env)
      throws IOException, InterruptedException {
    String jar = System.getProperty("kubeharden.jar");
    assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the packaged jar is not built");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cmd =
        java
            + " -jar "
            + jar
            + " diff --kubelet-config src/test/resources/diff/kubeadm/config.yaml"
            + " --kubelet-args=--config=/var/lib/kubelet/config.yaml";
    ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/script", "-qc", cmd, "/dev/null"));
    pb.environment().remove("NO_COLOR");
    pb.environment().put("TERM", "xterm");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    assertThat(out).contains("kubeharden diff: profile cis");
    return out;
  }

  @Test
  void coloursOnATerminal() throws Exception {
    assertThat(onTerminal(Map.of())).contains(ESC);
  }

  @Test
  void noColourUnderNoColorOrADumbTerminal() throws Exception {
    assertThat(onTerminal(Map.of("NO_COLOR", "1"))).doesNotContain(ESC);
    assertThat(onTerminal(Map.of("TERM", "dumb"))).doesNotContain(ESC);
  }
}
