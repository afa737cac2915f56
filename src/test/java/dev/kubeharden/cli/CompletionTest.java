package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts work in the real shells: bash (always there) and fish (when installed).
 */
class CompletionTest {
  @TempDir Path tmp;

  /** Sources the bash script and asks its completion function for the words of a command line. */
  private List<String> bashCompletes(String line) throws Exception {
    Path script = tmp.resolve("kubeharden.bash");
    Files.writeString(script, CliRun.run("completion", "bash").out(), StandardCharsets.UTF_8);
    String[] words = line.split(" ", -1);
    StringBuilder arr = new StringBuilder();
    for (String w : words) {
      arr.append(" '").append(w).append("'");
    }
    String prev = words.length > 1 ? words[words.length - 2] : "";
    String cur = words[words.length - 1];
    String sh =
        "source "
            + script
            + "\n"
            + "f=$(complete -p kubeharden | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')\n"
            + "COMP_WORDS=("
            + arr
            + ")\nCOMP_CWORD="
            + (words.length - 1)
            + "\nCOMP_LINE='"
            + line
            + "'\nCOMP_POINT=${#COMP_LINE}\n"
            + "\"$f\" kubeharden '"
            + cur
            + "' '"
            + prev
            + "' 2>/dev/null\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    return run("bash", "--norc", "--noprofile", "-c", sh);
  }

  private static List<String> run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void bashCompletesASubcommandAndANestedOne() throws Exception {
    assertThat(bashCompletes("kubeharden gen")).containsExactly("generate");
    assertThat(bashCompletes("kubeharden profiles s")).containsExactly("show");
    assertThat(bashCompletes("kubeharden generate --pro")).containsExactly("--profile");
    assertThat(bashCompletes("kubeharden completion ")).contains("bash");
  }

  @Test
  void fishScriptCompletesSubcommandsAndOptions() throws Exception {
    CliRun r = CliRun.run("completion", "fish");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("complete -c kubeharden -n '__fish_use_subcommand' -a 'generate' -d ")
        .contains(
            "complete -c kubeharden -n '__fish_seen_subcommand_from profiles; and not"
                + " __fish_seen_subcommand_from list show' -a 'show'")
        .contains(
            "complete -c kubeharden -n '__fish_seen_subcommand_from generate' -s p -l profile")
        .doesNotContain("${");
    Path fish = Path.of("/usr/bin/fish");
    assumeTrue(Files.isExecutable(fish), "fish is not installed: its completion is not run");
    Path script = tmp.resolve("kubeharden.fish");
    Files.writeString(script, r.out(), StandardCharsets.UTF_8);
    assertThat(
            run(
                fish.toString(),
                "--no-config",
                "-c",
                "source " + script + "; complete -C 'kubeharden gen'"))
        .anyMatch(l -> l.startsWith("generate\t"));
    assertThat(
            run(
                fish.toString(),
                "--no-config",
                "-c",
                "source " + script + "; complete -C 'kubeharden profiles s'"))
        .anyMatch(l -> l.startsWith("show\t"));
  }

  @Test
  void anUnknownShellIsAUsageError() throws IOException {
    CliRun r = CliRun.run("completion", "tcsh");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .first()
        .isEqualTo("kubeharden: unsupported shell tcsh (bash, zsh or fish)");
  }
}
