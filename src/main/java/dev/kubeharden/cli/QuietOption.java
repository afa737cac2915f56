package dev.kubeharden.cli;

import picocli.CommandLine.Option;

/** The -q/--quiet of generate and pr: no notes or warnings on stderr. */
final class QuietOption {
  @Option(
      names = {"-q", "--quiet"},
      description =
          "Print no notes or warnings (they stay in REPORT.md and report.json); errors still print.")
  boolean quiet;
}
