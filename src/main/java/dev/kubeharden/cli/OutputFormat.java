package dev.kubeharden.cli;

import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code -o/--output FORMAT} of the read commands, as kubectl spells it: {@code text} (the default)
 * or {@code json}, whose documents carry a {@code schema} key and are described by the JSON Schemas
 * shipped in the jar under {@code kubeharden/schemas/}.
 */
final class OutputFormat {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      completionCandidates = Names.class,
      description =
          "Output format: text (default) or json (a document with a \"schema\" key; its JSON Schema is in the"
              + " jar under kubeharden/schemas/, see the README).")
  String format;

  /** Whether json was asked for; an unknown format is a usage error. */
  boolean json() {
    return switch (format) {
      case "text" -> false;
      case "json" -> true;
      default ->
          throw new ParameterException(
              spec.commandLine(), "unknown --output format '" + format + "' (text or json)");
    };
  }

  /** The formats, for completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("text", "json").iterator();
    }
  }
}
