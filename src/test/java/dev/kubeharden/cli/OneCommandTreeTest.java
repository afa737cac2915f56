package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link Cli#forArgs} builds only the subcommand a run invokes: every run must behave exactly as it
 * does on the whole command tree.
 */
class OneCommandTreeTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(CommandLine cl, StringWriter out, StringWriter err, String... args) {
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run whole(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    return run(
        Cli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)), out, err, args);
  }

  private static Run one(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    return run(
        Cli.forArgs(new PrintWriter(out, true), new PrintWriter(err, true), args), out, err, args);
  }

  @Test
  void buildsOnlyTheInvokedCommand() {
    assertThat(Cli.invoked("generate", "--out", "x")).containsExactly("generate");
    assertThat(Cli.invoked("--stacktrace", "diff", "--help")).containsExactly("diff");
    assertThat(Cli.invoked("pr")).containsExactly("pr");
    StringWriter sink = new StringWriter();
    CommandLine cl =
        Cli.forArgs(new PrintWriter(sink), new PrintWriter(sink), "generate", "--dry-run");
    assertThat(cl.getSubcommands().keySet()).containsExactly("generate");
  }

  @Test
  void anythingButOneCommandGetsTheWholeTree() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"--version"},
            new String[] {"-h", "generate"},
            new String[] {"help", "generate"},
            new String[] {"completion", "bash"},
            new String[] {"genrate"},
            new String[] {"@args.txt"},
            new String[] {"--stacktrace=true", "generate"},
            new String[] {"--", "generate"})) {
      assertThat(Cli.invoked(args)).as(String.join(" ", args)).isEqualTo(Cli.COMMANDS);
    }
  }

  @Test
  void everyCommandBehavesAsOnTheWholeTree() {
    String out = tmp.resolve("out").toString();
    String missing = tmp.resolve("missing").toString();
    List<String[]> runs = new ArrayList<>();
    for (String name : Cli.COMMANDS) {
      runs.add(new String[] {name, "--help"});
      runs.add(new String[] {name, "--no-such-option"});
      runs.add(new String[] {"--stacktrace", name, "--no-such-option"});
    }
    Stream.of(
            new String[] {"generate", "--dry-run", "--out", out},
            new String[] {"generate", "--check", "--out", out},
            new String[] {"generate", "--stacktrace", "--check", "--out", out},
            new String[] {"generate", "-p", "no-such-profile", "--dry-run", "--out", out},
            new String[] {"generate", "--k8s-version", "1.2", "--out", out},
            new String[] {"generate", "diff"},
            new String[] {"generate", "--inventory", missing, "--out", out},
            new String[] {"generate", "--dry-run", "--check"},
            new String[] {"diff"},
            new String[] {"diff", "--kubelet-config", missing},
            new String[] {"pr"},
            new String[] {"profiles"},
            new String[] {"profiles", "list"},
            new String[] {"profiles", "lst"},
            new String[] {"explain", "CIS-1.12:4.2.1"},
            new String[] {"validate", missing},
            new String[] {"targets"},
            new String[] {"version"},
            new String[] {"--version"},
            new String[] {"genrate"})
        .forEach(runs::add);
    for (String[] args : runs) {
      assertThat(one(args)).as(String.join(" ", args)).isEqualTo(whole(args));
    }
  }
}
