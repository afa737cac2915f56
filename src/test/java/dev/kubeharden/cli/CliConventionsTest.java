package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import org.junit.jupiter.api.Test;

/** Conventions users expect from a picocli tool: suggestions, completion, a version command. */
class CliConventionsTest {
  @Test
  void aMisspeltSubcommandGetsASuggestion() {
    CliRun r = CliRun.run("generat");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).contains("Did you mean: generate or migrate or version?");
  }

  @Test
  void aMisspeltOptionGetsASuggestion() {
    CliRun r = CliRun.run("generate", "--profil", "cis");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).contains("Did you mean: --profile?");
  }

  @Test
  void completionPrintsABashScriptThatCompletesTheSubcommands() {
    CliRun r = CliRun.run("completion", "bash");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("generate").contains("--target");
    assertThat(CliRun.run("completion", "fish").code()).isEqualTo(2);
  }

  @Test
  void versionNamesTheMinorsAndTheirBenchmark() {
    CliRun r = CliRun.run("version");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("kubeharden ")
        .contains("Kubernetes minors: 1.29-1.37 (default 1.36)")
        .contains("  1.30: cis -> cis-1.11\n")
        .contains("  1.36: cis -> cis-1.12\n");
  }

  @Test
  void quietPrintsNoNotesOrWarnings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    CliRun loud = CliRun.run("generate", "--out", tmp.resolve("a").toString());
    assertThat(loud.errLines()).anyMatch(l -> l.startsWith("warning: "));
    CliRun quiet = CliRun.run("generate", "-q", "--out", tmp.resolve("b").toString());
    assertThat(quiet.code()).isZero();
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out()).startsWith("wrote ");
    CliRun bad =
        CliRun.run(
            "generate", "-q", "--set", "readOnlyPort=10255", "--out", tmp.resolve("c").toString());
    assertThat(bad.code()).as("errors still print").isEqualTo(3);
    assertThat(bad.err()).contains("error:");
  }

  @Test
  void eachCommandsHelpListsOnlyTheExitCodesItCanReturn() {
    assertThat(CliRun.run("diff", "--help").out()).contains("  4  drift found");
    assertThat(CliRun.run("pr", "--help").out())
        .contains("  3  invalid input")
        .doesNotContain("  4  drift");
    assertThat(CliRun.run("migrate", "--help").out())
        .contains("  3  invalid input")
        .doesNotContain("  4  drift");
    assertThat(CliRun.run("version", "--help").out())
        .contains("  0  ok", "  2  usage error")
        .doesNotContain("  3  invalid input", "  4  drift");
    assertThat(CliRun.run("profiles", "show", "--help").out())
        .contains("  3  invalid input")
        .doesNotContain("  4  drift");
  }
}
