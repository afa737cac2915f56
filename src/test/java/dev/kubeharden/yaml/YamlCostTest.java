package dev.kubeharden.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a YAML input may cost (issue 17 item 11): a comment line of nearly the whole 8 MiB input
 * limit, tens of thousands of problems, an inventory of 100,000 pools written out, and an alias
 * bomb, each answered within seconds with a bounded, clear message.
 */
class YamlCostTest {
  private static final Duration FAST = Duration.ofSeconds(60);
  private static final String HEAD =
      """
      apiVersion: kubeharden.dev/v1alpha1
      kind: HardeningProfile
      metadata:
        name: c
      extends: [baseline]
      """;

  @TempDir Path tmp;

  @Test
  void aHugeCommentLineIsRefusedAtOnceNamingTheLineLimit() throws IOException {
    Path p = tmp.resolve("comment.yaml");
    Files.writeString(p, HEAD + "# " + "x".repeat(InputFiles.MAX_BYTES - 200) + "\n");
    CliRun r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> CliRun.run("validate", p.toString()));
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.errorLines()).hasSize(1);
    assertThat(r.errorLines().get(0))
        .startsWith(p + ":6:" + (Unicode.MAX_LINE + 1) + ": error: the line is longer than");
    assertThat(r.err().length()).isLessThan(2000);
  }

  @Test
  void aLineJustUnderTheLimitIsReadQuickly() throws IOException {
    Path p = tmp.resolve("long.yaml");
    Files.writeString(p, HEAD + "# " + "x".repeat(Unicode.MAX_LINE - 10) + "\n");
    CliRun r = assertTimeoutPreemptively(FAST, () -> CliRun.run("validate", p.toString()));
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aFileOverTheLimitIsRefusedAtOnceNamingTheLimit() throws IOException {
    Path p = tmp.resolve("big.yaml");
    Files.writeString(p, HEAD + "# " + "x".repeat(10 * 1024 * 1024) + "\n");
    CliRun r = assertTimeoutPreemptively(FAST, () -> CliRun.run("validate", p.toString()));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("larger than 8 MiB");
  }

  @Test
  void tensOfThousandsOfProblemsPrintTheFirstHundredAndTheCount() throws IOException {
    StringBuilder sb = new StringBuilder(HEAD + "kubelet:\n  config:\n");
    int n = 40_000;
    for (int i = 0; i < n; i++) {
      sb.append("    notAField").append(i).append(": 1\n");
    }
    Path p = Files.writeString(tmp.resolve("many.yaml"), sb.toString());
    CliRun r = assertTimeoutPreemptively(FAST, () -> CliRun.run("validate", p.toString()));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.errorLines()).hasSize(100);
    assertThat(r.err())
        .contains("... and " + (n - 100) + " more problems not shown")
        .contains(n + " errors");
    assertThat(r.errLines().size()).isLessThan(400);
  }

  @Test
  void aLargeWrittenOutDocumentIsNotMistakenForAnAliasBomb() {
    StringBuilder sb = new StringBuilder("items:\n");
    for (int i = 0; i < 150_000; i++) {
      sb.append("  - {name: p").append(i).append("}\n");
    }
    assertThat(YamlLoader.load("big.yaml", sb.toString())).isNotNull();
  }

  @Test
  void anAliasBombIsStillRefused() {
    StringBuilder sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      sb.append("a").append(i).append(": &a").append(i).append(" [");
      sb.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    try {
      YamlLoader.load("bomb.yaml", sb.toString());
      throw new AssertionError("the alias bomb was expanded");
    } catch (dev.kubeharden.model.InvalidInputException e) {
      assertThat(e.problems().get(0).message()).contains("alias");
    }
  }
}
