package dev.kubeharden;

import dev.kubeharden.cli.Cli;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point: the only place that exits the process. */
public final class Main {
  private static final int RUNTIME_FAILURE = 1;

  private Main() {}

  public static void main(String[] args) {
    // stdout straight on its file descriptor, not through System.out: a PrintStream swallows
    // write errors, and a report cut short on a full disk or a closed pipe must not exit 0 (or 4).
    PrintWriter out =
        new PrintWriter(
            new OutputStreamWriter(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                StandardCharsets.UTF_8),
            true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }

  /** Runs one command line; the exit code, never exiting (the build's training runs several). */
  static int run(PrintWriter out, PrintWriter err, String[] args) {
    int code = Cli.forArgs(out, err, args).execute(args);
    out.flush();
    if (out.checkError() && code != RUNTIME_FAILURE) {
      err.println("kubeharden: cannot write to standard output: the output is incomplete");
      code = RUNTIME_FAILURE;
    }
    err.flush();
    return code;
  }
}
