package dev.kubeharden.cli;

import dev.kubeharden.fleet.ExceptionList;
import dev.kubeharden.fleet.ExceptionsService;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Problem;
import dev.kubeharden.profile.ProfileCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubeharden exceptions}: every exception, its owner and expiry, and what it does. */
@Command(
    name = "exceptions",
    mixinStandardHelpOptions = true,
    description = {
      "List every exception (a profile's disable: entries, an inventory's exceptions:) of the profiles as"
          + " generate resolves them, or of every pool of an inventory: control, reason, owner, ticket,"
          + " expiry and where it is declared, and whether it is in force, shadowed (the control is"
          + " disabled again by a later layer) or unused (the control is not applicable to the minor,"
          + " or no profile of the pool defines it).",
      "Unused and shadowed exceptions are flagged, not errors. An expired one is listed, flagged and"
          + " reported as an error (exit 3), as every command that resolves profiles reports it."
    })
final class ExceptionsCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Mixin ProfileOptions profile;

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description =
          "List the exceptions of every node pool of an Inventory file (its own and its profiles')."
              + " Profiles and versions come from the inventory, so --profile, --k8s-version, --set"
              + " and --var cannot be combined with it.")
  Path inventory;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json (schema kubeharden.dev/exceptions/v1).")
  Format format;

  @Override
  public Integer call() {
    ExceptionsService service = new ExceptionsService(new ProfileCatalog(), profile.expiry());
    ExceptionList list;
    if (inventory != null) {
      profile.rejectWithInventory();
      list = service.forInventory(inventory);
    } else {
      list = service.forProfiles(profile.request());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(format == Format.json ? list.json() : list.text());
    out.flush();
    List<Problem> expired = list.expiredProblems();
    if (!expired.isEmpty()) {
      throw new InvalidInputException(expired);
    }
    return ExitCodes.OK;
  }
}
