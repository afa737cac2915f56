package dev.kubeharden.cli;

import dev.kubeharden.render.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The --templates DIR of generate and migrate: templates on disk overriding the shipped ones. */
final class TemplatesOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description = "Directory of mustache templates overriding the shipped ones by name.")
  Path dir;

  /** A --templates that is not a directory is a usage error. */
  void check() {
    if (dir != null && !Files.isDirectory(dir)) {
      throw new ParameterException(
          spec.commandLine(), "--templates " + dir + " is not a directory");
    }
  }

  /** The shipped templates, overridden by those of --templates. */
  Templates load() {
    return new Templates(dir);
  }
}
