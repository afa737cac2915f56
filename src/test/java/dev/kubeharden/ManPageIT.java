package dev.kubeharden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code mvn package} built the man pages into target/man: one a command (kubeharden.1,
 * kubeharden-generate.1, kubeharden-profiles-show.1, ...), troff that man renders, with the options
 * and exit codes of --help.
 */
class ManPageIT {
  private static final Path MAN =
      Path.of(System.getProperty("kubeharden.jar")).resolveSibling("man");

  @Test
  void everyCommandHasAManPage() {
    List<String> expected = new ArrayList<>();
    pages(
        "kubeharden",
        Cli.newCommandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
        expected);
    assertThat(expected).contains("kubeharden.1", "kubeharden-profiles-show.1");
    for (String page : expected) {
      assertThat(MAN.resolve(page)).as("man page").isRegularFile();
    }
  }

  private static void pages(String name, CommandLine cl, List<String> into) {
    into.add(name + ".1");
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      pages(name + "-" + e.getKey(), e.getValue(), into);
    }
  }

  @Test
  void theGeneratePageIsTroffThatManRenders() throws Exception {
    Path page = MAN.resolve("kubeharden-generate.1");
    String troff = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(troff).startsWith("'\\\" t\n").contains(".TH \"KUBEHARDEN\\-GENERATE\" \"1\"");
    assertThat(troff).doesNotContain("${").doesNotContain("%n");
    Path man = Path.of("/usr/bin/man");
    if (!Files.isExecutable(man)) {
      System.err.println("ManPageIT: man is not installed; the page is not rendered");
      return;
    }
    ProcessBuilder pb = new ProcessBuilder(man.toString(), "-l", page.toString());
    pb.environment().put("MANPAGER", "cat");
    pb.environment().put("MANWIDTH", "100");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String text =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll(".\b", "");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text)
        .contains("KUBEHARDEN-GENERATE(1)")
        .contains("SYNOPSIS")
        .contains("--k8s-version=1.N")
        .contains("--out=DIR")
        .doesNotContain("-o, --out")
        .contains("EXIT CODES")
        .contains("drift found, or output not up to date")
        .doesNotContain("_ N_");
  }
}
