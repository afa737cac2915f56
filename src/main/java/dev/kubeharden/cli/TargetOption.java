package dev.kubeharden.cli;

import dev.kubeharden.model.Suggestions;
import dev.kubeharden.target.Targets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The --target values of generate and pr: known names, each once; none means the node bundle. */
final class TargetOption {
  private TargetOption() {}

  static List<String> resolve(CommandLine cl, List<String> given) {
    if (given.isEmpty()) {
      return List.of(Targets.NODE);
    }
    List<String> out = new ArrayList<>();
    for (String t : given) {
      if (!Targets.names().contains(t)) {
        throw new CommandLine.ParameterException(
            cl,
            "unknown --target "
                + t
                + Suggestions.hint(t, Targets.names())
                + " (targets: "
                + String.join(", ", Targets.names())
                + ")");
      }
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * An inventory names each cluster's targets, so --target is a usage error next to --inventory.
   */
  static void rejectWithInventory(CommandLine cl, List<String> given) {
    if (!given.isEmpty()) {
      throw new CommandLine.ParameterException(
          cl,
          "--target cannot be combined with --inventory: the inventory names each cluster's targets");
    }
  }
}
