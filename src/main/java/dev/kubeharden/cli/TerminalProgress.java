package dev.kubeharden.cli;

import dev.kubeharden.fleet.FleetService;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr while a fleet is generated, only when the process has a terminal;
 * nothing otherwise (CI logs, pipes, tests). Java can only tell whether the process has a console
 * (stdin and stdout both terminals), so that is the test.
 */
final class TerminalProgress implements FleetService.Progress {
  private final java.io.PrintStream stream;
  private ProgressBar bar;

  private TerminalProgress(java.io.PrintStream stream) {
    this.stream = stream;
  }

  static FleetService.Progress forStderr(PrintWriter err) {
    if (!Terminal.progress() || Boolean.getBoolean("kubeharden.noProgress")) {
      return FleetService.Progress.NONE;
    }
    return new TerminalProgress(System.err);
  }

  @Override
  public synchronized void phase(String name, int total) {
    done();
    bar =
        new ProgressBarBuilder()
            .setTaskName(name)
            .setInitialMax(total)
            .setConsumer(new ConsoleProgressBarConsumer(stream))
            .setUpdateIntervalMillis(100)
            .setStyle(
                System.getenv("NO_COLOR") == null
                    ? me.tongfei.progressbar.ProgressBarStyle.COLORFUL_UNICODE_BLOCK
                    : me.tongfei.progressbar.ProgressBarStyle.ASCII)
            .continuousUpdate()
            .build();
  }

  @Override
  public void step() {
    ProgressBar b = bar;
    if (b != null) {
      b.step();
    }
  }

  @Override
  public synchronized void done() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
