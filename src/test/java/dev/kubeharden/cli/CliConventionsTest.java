package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.util.List;
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

  @Test
  void helpShowsTheHelpOfANestedCommand() {
    CliRun nested = CliRun.run("help", "profiles", "show");
    assertThat(nested.code()).isZero();
    assertThat(nested.out())
        .isEqualTo(CliRun.run("profiles", "show", "--help").out())
        .startsWith("Usage: kubeharden profiles show ");
    assertThat(CliRun.run("help", "generate").out())
        .isEqualTo(CliRun.run("generate", "--help").out());
    assertThat(CliRun.run("help").out()).isEqualTo(CliRun.run("--help").out());
    CliRun bad = CliRun.run("help", "profiles", "shwo");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.errLines())
        .first()
        .isEqualTo(
            "kubeharden: unknown command 'shwo' under 'kubeharden profiles'; did you mean"
                + " \"show\"? (commands: list, show)");
  }

  @Test
  void helpNeverSplitsAUrl() {
    picocli.CommandLine root =
        Cli.newCommandLine(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(new java.io.StringWriter()));
    java.util.regex.Pattern url = java.util.regex.Pattern.compile("https?://[^\\s;,)]+[^\\s;,).]");
    int urls = 0;
    java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      picocli.CommandLine cl = todo.pop();
      todo.addAll(cl.getSubcommands().values());
      String help = cl.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
      for (var o : cl.getCommandSpec().options()) {
        var m = url.matcher(String.join(" ", o.description()));
        while (m.find()) {
          urls++;
          assertThat(help)
              .as("%s --help shows %s whole", cl.getCommandSpec().qualifiedName(), m.group())
              .contains(m.group());
        }
      }
    }
    assertThat(urls).as("URLs in option help").isPositive();
  }
}
