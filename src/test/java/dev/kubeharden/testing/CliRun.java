package dev.kubeharden.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * One in-process run of the command line: its exit code, stdout and stderr (with \n line ends). The
 * one runner the tests share. Runs happen on a fixed day ({@link #TODAY}, or {@link #runOn}).
 */
public record CliRun(int code, String out, String err) {
  /** The day every run happens on unless a test says otherwise: no test reads the wall clock. */
  public static final String TODAY = "2026-06-01";

  public static CliRun run(String... args) {
    return run(cl -> {}, args);
  }

  public static CliRun run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  /**
   * A run whose command line {@code setup} adjusts first (for example a command's environment). The
   * command line is built as {@code Main} builds it: only the subcommand {@code args} invoke.
   */
  public static CliRun run(Consumer<CommandLine> setup, String... args) {
    return run(clockOn(TODAY), setup, args);
  }

  /**
   * A run on the day {@code today} (ISO, YYYY-MM-DD): what decides which exceptions have expired.
   */
  public static CliRun runOn(String today, String... args) {
    return run(clockOn(today), cl -> {}, args);
  }

  /** A run on the day {@code today} whose command line {@code setup} adjusts first. */
  public static CliRun runOn(String today, Consumer<CommandLine> setup, String... args) {
    return run(clockOn(today), setup, args);
  }

  /** A clock stopped at the start of {@code day} (UTC). */
  public static Clock clockOn(String day) {
    return Clock.fixed(
        LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
  }

  private static CliRun run(Clock clock, Consumer<CommandLine> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    CommandLine cl = Cli.forArgs(o, e, clock, args);
    setup.accept(cl);
    int code = cl.execute(args);
    o.flush();
    e.flush();
    return new CliRun(
        code, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
  }

  public List<String> errLines() {
    return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
  }

  /** The lines of stderr that report an error ("file:line:col: error: ..."). */
  public List<String> errorLines() {
    return errLines().stream().filter(l -> l.contains(": error: ")).toList();
  }

  /** A successful run only prints notes and warnings on stderr. */
  public void assertOnlyNotesAndWarningsOnStderr() {
    assertThat(errLines())
        .allMatch(l -> l.startsWith("warning: ") || l.startsWith("note: "), "note/warning");
  }

  /** Exit 0 with only notes and warnings on stderr. */
  public void assertOk() {
    assertThat(code).as("exit code; stderr: %s", err).isZero();
    assertOnlyNotesAndWarningsOnStderr();
  }

  /**
   * A runtime failure: exit 1 and exactly one line on stderr besides notes and warnings, with no
   * stack trace. Returns that line.
   */
  public String failure() {
    assertThat(code).as("exit code; stdout: %s", out).isEqualTo(1);
    List<String> lines =
        errLines().stream()
            .filter(l -> !l.startsWith("warning: ") && !l.startsWith("note: "))
            .toList();
    assertThat(lines).as("stderr: %s", err).hasSize(1);
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    return lines.get(0);
  }
}
