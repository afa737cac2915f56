package dev.kubeharden.cli;

import dev.kubeharden.app.CatalogService;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.Values;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.render.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeharden profiles list|show}. */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    description = "List the shipped profiles, or show one fully resolved.",
    subcommands = {ProfilesCommand.ListCommand.class, ProfilesCommand.ShowCommand.class})
final class ProfilesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: list or show");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the shipped profiles.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<Profile> shipped = new CatalogService(new ProfileCatalog()).shipped();
      if (output.json()) {
        out.print(Json.write(ProfilesJson.list(shipped)));
        return ExitCodes.OK;
      }
      for (Profile p : shipped) {
        String ext =
            p.parents().isEmpty()
                ? ""
                : " (extends "
                    + String.join(", ", p.parents().stream().map(Profile.Ref::name).toList())
                    + ")";
        out.printf("%-16s %s%s%n", p.name(), p.title() == null ? "" : p.title(), ext);
      }
      out.printf(
          "%-16s %s%n",
          ProfileCatalog.CIS_ALIAS, "alias: cis-1.11 for Kubernetes 1.29-1.31, cis-1.12 from 1.32");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Show a profile fully resolved for a Kubernetes minor: every setting with its origin, the controls"
              + " applied, disabled and not applicable, and the variables.")
  static final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "NAME|FILE",
        arity = "0..*",
        description = "Profiles to layer (default: cis).")
    java.util.List<String> names = new java.util.ArrayList<>();

    @Mixin ProfileOptions options;

    @Mixin OutputFormat output;

    @Override
    public Integer call() {
      boolean json = output.json();
      options.profiles.addAll(0, names);
      ResolvedProfile rp = new ProfileResolver(new ProfileCatalog()).resolve(options.request());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.print(Json.write(ProfilesJson.show(rp)));
        return ExitCodes.OK;
      }
      out.println("profile: " + rp.name());
      out.println("kubernetesVersion: \"" + rp.version() + "\"");
      out.println("chain: [" + String.join(", ", rp.chain()) + "]");
      rp.notes().forEach(n -> out.println("# note: " + n));
      out.println("settings:");
      for (ResolvedSetting s : rp.config().values()) {
        out.printf(
            "  %s: %s   # set by %s%s%n",
            s.path(),
            Values.show(s.value()),
            s.origin().describe(),
            s.origin().position().hasLine() ? " at " + s.origin().position() : "");
        if (!s.controls().isEmpty()) {
          out.println("    # required by " + String.join(", ", s.controls()));
        }
      }
      if (!rp.flags().isEmpty()) {
        out.println("flags:");
        rp.flags().forEach((k, v) -> out.println("  --" + k + ": " + v));
      }
      out.println("controls:");
      rp.controls()
          .forEach(c -> out.println("  " + c.id() + ": " + c.title() + "   # from " + c.profile()));
      if (!rp.disabled().isEmpty()) {
        out.println("disabled:");
        rp.disabled()
            .forEach(
                d ->
                    out.println(
                        "  "
                            + d.control().id()
                            + ": "
                            + d.reason().replaceAll("\\s+", " ")
                            + "   # by "
                            + d.by()
                            + details(d.exception())));
      }
      if (!rp.notApplicable().isEmpty()) {
        out.println("notApplicable:");
        rp.notApplicable().forEach(n -> out.println("  " + n.control().id() + ": " + n.reason()));
      }
      if (!rp.variables().isEmpty()) {
        out.println("variables:");
        rp.variables().forEach((k, v) -> out.println("  " + k + ": " + v));
      }
      return ExitCodes.OK;
    }

    /** ", owner X, ticket Y, expires D" where given. */
    private static String details(dev.kubeharden.model.Disable d) {
      String who = d.ownerAndTicket();
      return (who.isEmpty() ? "" : ", " + who)
          + (d.expires() == null ? "" : ", expires " + d.expires());
    }
  }
}
