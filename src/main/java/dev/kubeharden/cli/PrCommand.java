package dev.kubeharden.cli;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.fleet.FleetService;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.publish.PublishService;
import dev.kubeharden.publish.Waves;
import dev.kubeharden.publish.forge.ForgeClient;
import dev.kubeharden.publish.forge.Forges;
import dev.kubeharden.publish.git.GitNames;
import dev.kubeharden.publish.git.GitResult;
import dev.kubeharden.publish.git.SigningKey;
import dev.kubeharden.publish.git.SshOptions;
import dev.kubeharden.render.Templates;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kubeharden pr}: commits the bundle to a branch of an infrastructure repository and opens
 * its pull request.
 */
@Command(
    name = "pr",
    mixinStandardHelpOptions = true,
    description = {
      "Commit the generated bundle (or with --inventory, a fleet) to a branch of a Git repository (default"
          + " kubeharden/<profile-or-inventory>, under --path),"
          + " push it, and open or update its pull request. The local clone's checked-out branch, index and working"
          + " tree are never touched. A re-run with nothing new changes nothing and says 'up to date'.",
      "The token is read from the environment variable named by --token-env, never from the command line.",
      "SSH remotes authenticate with a key only (--ssh-key, default the usual ~/.ssh identities) and must have"
          + " their host key in the known-hosts file (--known-hosts, default ~/.ssh/known_hosts)."
    })
final class PrCommand implements Callable<Integer> {
  private static final Pattern AUTHOR =
      Pattern.compile("\\s*([^<>]*[^<>\\s])\\s*<([^<>\\s]+)>\\s*");

  /** Where --token-env is looked up; tests replace it. */
  Function<String, String> env = System::getenv;

  /** The home directory whose ~/.ssh is used for SSH remotes; tests replace it. */
  Path home = Path.of(System.getProperty("user.home"));

  @Spec CommandSpec spec;

  @Mixin QuietOption quiet;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "Also print, on stderr, each control applied, disabled or not applicable and each file the branch"
              + " gets, changes or keeps.")
  boolean verbose;

  @Mixin ProfileOptions profile;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description =
          "Publish the bundle of a target (repeatable; default: node), as generate --target does: each target's"
              + " directory lands under --path.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description =
          "Publish a fleet: every node pool of an Inventory file, as <cluster>/<pool>/node/... under --path"
              + " with the fleet REPORT.md and report.json (default path and branch: kubeharden/<inventory file name>)."
              + " Cannot be combined with --profile, --k8s-version, --set or --var.")
  Path inventory;

  @Option(
      names = "--repo",
      required = true,
      paramLabel = "PATH|URL",
      description =
          "Local clone, or a URL (file://, http(s)://, ssh://, or scp-like user@host:path) cloned to a"
              + " temporary directory.")
  String repo;

  @Option(
      names = "--path",
      paramLabel = "DIR",
      description =
          "Directory in the repository for the bundle (default: kubeharden/<profile-or-inventory>). Replaced as a"
              + " whole: files no longer generated are deleted.")
  String path;

  @Option(
      names = "--base",
      paramLabel = "BRANCH",
      description = "Branch to start from (default: the remote's default branch).")
  String base;

  @Option(
      names = "--branch",
      paramLabel = "NAME",
      description = "Branch kubeharden owns (default: kubeharden/<profile-or-inventory>).")
  String branch;

  @Option(
      names = "--push",
      description =
          "Push the branch (never the base branch, never over commits kubeharden did not make).")
  boolean push;

  @Option(
      names = "--remote",
      paramLabel = "NAME",
      defaultValue = "origin",
      description =
          "Remote of a local clone to fetch from and push to (default: ${DEFAULT-VALUE}).")
  String remote;

  @Option(
      names = "--author",
      paramLabel = "'NAME <EMAIL>'",
      defaultValue = "kubeharden <kubeharden@localhost>",
      description = "Author and committer of the commit (default: ${DEFAULT-VALUE}).")
  String author;

  @Option(names = "--signoff", description = "Add a Signed-off-by line (DCO) for the author.")
  boolean signoff;

  @Option(
      names = {"-m", "--message"},
      paramLabel = "TEXT",
      description = "Commit message; its first line is the pull request title.")
  String message;

  @Option(
      names = "--forge",
      paramLabel = "KIND",
      description = "Open or update a pull request: github, gitlab or gitea (Gitea and Forgejo).")
  String forge;

  @Option(
      names = "--forge-url",
      paramLabel = "URL",
      description =
          "GitHub: the API root (default https://api.github.com; https://HOST/api/v3 for Enterprise)."
              + " GitLab: the instance (default https://gitlab.com). Gitea/Forgejo: the instance (required).")
  String forgeUrl;

  @Option(
      names = "--forge-project",
      paramLabel = "OWNER/NAME",
      description =
          "Repository on the forge (GitLab: GROUP/.../NAME). Default: the path of the --repo URL, or of a local clone's --remote URL.")
  String forgeProject;

  @Option(
      names = "--token-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the token for the forge API and for pushing over HTTP(S).")
  String tokenEnv;

  @Option(
      names = "--ssh-key",
      paramLabel = "FILE",
      description =
          "Private key for an SSH remote (ed25519, ecdsa or rsa, OpenSSH or PEM format). Default: the usual"
              + " ~/.ssh identities (id_rsa, id_ecdsa, id_ed25519, ...) or ~/.ssh/config's IdentityFile.")
  Path sshKey;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description =
          "Known-hosts file for an SSH remote (default: ~/.ssh/known_hosts). Unknown or changed host keys"
              + " are refused, never added. With --ssh-key or --known-hosts, ~/.ssh/config is not read.")
  Path knownHosts;

  @Option(
      names = "--ssh-key-passphrase-env",
      paramLabel = "VAR",
      description = "Environment variable holding the passphrase of an encrypted SSH key.")
  String sshKeyPassphraseEnv;

  @Option(names = "--draft", description = "Open the pull request as a draft.")
  boolean draft;

  @Option(
      names = "--label",
      paramLabel = "LABEL",
      description = "Label the pull request. Repeatable.")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--reviewer",
      paramLabel = "USER|ORG/TEAM",
      description =
          "Ask for review (repeatable), besides the base branch's CODEOWNERS for the changed paths.")
  List<String> reviewers = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "The most one network call may take, wall clock: each git fetch, each git push and each forge"
              + " API call, answer included (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(
      names = "--sign",
      paramLabel = "KEY",
      description =
          "Sign kubeharden's commits with this SSH private key (ed25519, ecdsa or rsa), as git does with"
              + " gpg.format=ssh, or with --sign-format openpgp this OpenPGP key; an encrypted key takes its"
              + " passphrase from --ssh-key-passphrase-env.")
  Path sign;

  @Option(
      names = "--sign-format",
      paramLabel = "FORMAT",
      defaultValue = "ssh",
      description =
          "How --sign signs, as git's gpg.format: ssh (default; --sign is a key file) or openpgp (--sign is"
              + " a key id, fingerprint or email of a secret key in $GNUPGHOME, else ~/.gnupg).")
  String signFormat;

  @Option(
      names = "--allow-insecure-http",
      description =
          "Send the token, or a password in the URL, over plain http:// (refused without it: anyone on"
              + " the path can read it).")
  boolean allowInsecureHttp;

  @Option(
      names = "--dry-run",
      description = "Print the diff the branch would get; change nothing anywhere.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PublishService.Request request = request();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // progress only on a terminal: quiet in scripts, CI and tests
    PublishService service = new PublishService(Terminal.interactive() ? err : null);
    List<PublishService.Content> contents;
    Runnable notesAndWarnings;
    if (inventory != null) {
      TargetOption.rejectWithInventory(spec.commandLine(), targets);
    }
    if (inventory != null) {
      profile.rejectWithInventory();
      FleetService fleets =
          new FleetService(new ProfileCatalog(), new Templates(null), profile.expiry());
      FleetService.Result fleet =
          fleets.build(fleets.load(inventory), TerminalProgress.forStderr(err));
      String name = PublishService.Content.inventoryName(inventory.toString());
      if (fleet.inventory().waves().isEmpty()) {
        contents = List.of(PublishService.Content.of(name, fleet));
      } else {
        if (branch != null) {
          throw new ParameterException(
              spec.commandLine(),
              "--branch cannot be combined with an inventory's waves: each wave has its own branch"
                  + " kubeharden/<inventory>/<wave>");
        }
        contents = Waves.contents(name, fleet);
      }
      notesAndWarnings = () -> FleetOutput.notesAndWarnings(fleet, err);
    } else {
      var built =
          new GenerateService(new ProfileCatalog(), new Templates(null))
              .build(profile.request(), TargetOption.resolve(spec.commandLine(), targets));
      contents = List.of(PublishService.Content.of(built.profile(), built.bundle()));
      notesAndWarnings =
          () -> {
            built.profile().notes().forEach(n -> err.println("note: " + n));
            built.profile().warnings().forEach(w -> err.println("warning: " + w));
            if (verbose) {
              Verbose.controls(built.profile(), "", err);
            }
          };
    }
    try {
      for (PublishService.Content c : contents) {
        service.check(request, c);
      }
    } catch (PublishService.InvalidRequestException e) {
      throw new ParameterException(spec.commandLine(), usage(e));
    }
    if (!quiet.quiet) {
      notesAndWarnings.run();
    }
    for (PublishService.Superseded x : service.retireSuperseded(request, contents)) {
      out.println(superseded(x));
    }
    boolean previousMerged = true;
    for (PublishService.Content c : contents) {
      PublishService.Content content = c.afterPrevious(previousMerged);
      if (content.rollout() != null) {
        out.println(
            "wave "
                + content.rollout().wave()
                + " ("
                + content.rollout().number()
                + " of "
                + content.rollout().of()
                + "):");
      }
      PublishService.BranchResult b = service.publishBranch(request, content);
      previousMerged = b.git().state() == GitResult.State.BASE_HAS_BUNDLE;
      if (verbose) {
        Verbose.files(
            b.path() + "/",
            content.bundle(),
            b.fromBranch(),
            dryRun ? GenerateService.Mode.DRY_RUN : GenerateService.Mode.WRITE,
            err);
      }
      if (dryRun) {
        printDryRun(out, b);
        continue;
      }
      if (!quiet.quiet) {
        b.git().warnings().forEach(w -> err.println("warning: " + w));
      }
      printBranch(out, b);
      if (request.forge() != null && b.git().state() != GitResult.State.BASE_HAS_BUNDLE) {
        ForgeClient.Outcome pr = service.ensurePullRequest(request, b);
        out.println(
            "pull request: "
                + pr.pullRequest().url()
                + " ("
                + (pr.action() == ForgeClient.Outcome.Action.NOT_REOPENED
                    ? "closed without merging; not reopened: the bundle has not changed since"
                    : pr.action().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                + ")");
      }
    }
    return ExitCodes.OK;
  }

  private String superseded(PublishService.Superseded x) {
    String what =
        x.deleted()
            ? (x.closed() == null ? "" : "closed pull request " + x.closed() + " and ")
                + "deleted branch "
                + x.branch()
            : (dryRun ? "would close the pull request of and delete branch " : "left branch ")
                + x.branch()
                + (dryRun ? "" : " (it is deleted with --push)");
    return what + ": superseded, " + x.why();
  }

  private void printBranch(PrintWriter out, PublishService.BranchResult b) {
    GitResult g = b.git();
    String pushed = g.pushed() ? " and pushed it to " + g.remote() : "";
    switch (g.state()) {
      case CREATED -> out.println("created branch " + g.branch() + " from " + g.base() + pushed);
      case UPDATED -> out.println("updated branch " + g.branch() + pushed);
      case REBUILT -> {
        out.println(
            "rebuilt branch "
                + g.branch()
                + " on "
                + g.base()
                + " ("
                + g.base()
                + " changed the bundle's files)"
                + pushed);
        if (!g.kept().isEmpty()) {
          out.println(
              "kept what others changed on the branch outside "
                  + b.path()
                  + ": "
                  + String.join(", ", g.kept()));
        }
      }
      case UP_TO_DATE ->
          out.println(
              "up to date: branch "
                  + g.branch()
                  + (g.baseMoved()
                      ? " already has this bundle; "
                          + g.base()
                          + " moved on without touching it, so the branch is not rebuilt"
                      : " already has this bundle on " + g.base())
                  + (g.pushed() ? "; pushed it to " + g.remote() : ""));
      case BASE_HAS_BUNDLE -> {
        out.println(
            "up to date: "
                + g.base()
                + " already has this bundle under "
                + b.path()
                + "; nothing to propose");
        return;
      }
    }
    out.println("branch: " + g.branch());
    out.println("commit: " + g.commit());
  }

  private void printDryRun(PrintWriter out, PublishService.BranchResult b) {
    GitResult g = b.git();
    String what =
        switch (g.state()) {
          case CREATED -> "would create branch " + g.branch() + " from " + g.base();
          case UPDATED -> "would update branch " + g.branch();
          case REBUILT ->
              "would rebuild branch "
                  + g.branch()
                  + " on "
                  + g.base()
                  + " ("
                  + g.base()
                  + " changed the bundle's files)";
          case UP_TO_DATE ->
              "up to date: branch " + g.branch() + " already has this bundle on " + g.base();
          case BASE_HAS_BUNDLE ->
              "up to date: " + g.base() + " already has this bundle under " + b.path();
        };
    out.print(b.fromBranch().summary());
    out.print(b.fromBranch().diff());
    out.println(
        what
            + (g.changed() && push ? " and push it" : "")
            + (g.changed() && forge != null ? ", then open or update its pull request" : ""));
    out.println("dry run: nothing was changed");
  }

  private PublishService.Request request() {
    Matcher m = AUTHOR.matcher(author);
    if (!m.matches()) {
      throw new ParameterException(
          spec.commandLine(), "--author must look like 'Name <email>' (got '" + author + "')");
    }
    if (forge == null
        && (forgeUrl != null
            || forgeProject != null
            || draft
            || !labels.isEmpty()
            || !reviewers.isEmpty())) {
      throw new ParameterException(
          spec.commandLine(),
          "--forge-url, --forge-project, --draft, --label and --reviewer need --forge");
    }
    if (timeout < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    String token = null;
    if (tokenEnv != null) {
      token = env.apply(tokenEnv);
      if (token == null || token.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "environment variable " + tokenEnv + " (--token-env) is not set");
      }
    }
    String passphrase = null;
    if (sshKeyPassphraseEnv != null) {
      passphrase = env.apply(sshKeyPassphraseEnv);
      if (passphrase == null || passphrase.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "environment variable "
                + sshKeyPassphraseEnv
                + " (--ssh-key-passphrase-env) is not set");
      }
    }
    if (!dev.kubeharden.publish.git.GitPublisher.isUrl(repo) && !Files.isDirectory(Path.of(repo))) {
      // before generating anything: a mistyped clone path is found at once
      throw new ParameterException(
          spec.commandLine(), "--repo " + repo + ": no such directory (a local clone, or a URL)");
    }
    if (sshKey != null && !Files.isRegularFile(sshKey)) {
      throw new ParameterException(spec.commandLine(), "--ssh-key " + sshKey + ": no such file");
    }
    if (!signFormat.equals("ssh") && !signFormat.equals("openpgp")) {
      throw new ParameterException(
          spec.commandLine(), "--sign-format must be ssh or openpgp (got '" + signFormat + "')");
    }
    boolean openpgp = signFormat.equals("openpgp");
    if (sign != null && !openpgp && !Files.isRegularFile(sign)) {
      throw new ParameterException(spec.commandLine(), "--sign " + sign + ": no such file");
    }
    if (knownHosts != null && !Files.isRegularFile(knownHosts)) {
      throw new ParameterException(
          spec.commandLine(), "--known-hosts " + knownHosts + ": no such file");
    }
    SshOptions ssh =
        new SshOptions(
            home,
            sshKey == null ? null : sshKey.toAbsolutePath(),
            knownHosts == null ? null : knownHosts.toAbsolutePath(),
            passphrase);
    PublishService.ForgeOptions f = null;
    if (forge != null) {
      Forges.Kind kind;
      try {
        kind = Forges.Kind.parse(forge);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--forge must be github, gitlab or gitea (got '" + forge + "')");
      }
      f = new PublishService.ForgeOptions(kind, forgeUrl, forgeProject, draft, labels, reviewers);
    }
    return new PublishService.Request(
        repo,
        remote,
        base,
        branch,
        path,
        push,
        dryRun,
        m.group(1),
        m.group(2),
        signoff,
        message,
        f,
        token,
        timeout,
        ssh,
        allowInsecureHttp,
        sign == null
            ? null
            : new SigningKey(
                openpgp ? SigningKey.Format.OPENPGP : SigningKey.Format.SSH,
                openpgp ? sign.toString() : sign.toAbsolutePath().toString()));
  }

  /** The command line's words for a request the publish service refuses. */
  static String usage(PublishService.InvalidRequestException e) {
    String v = e.value();
    return switch (e.reason()) {
      case FORGE_WITHOUT_PUSH ->
          "--forge needs --push: the pull request's branch must be on the remote";
      case FORGE_WITHOUT_TOKEN -> "--forge needs --token-env naming a set environment variable";
      case FORGE_WITHOUT_URL -> "--forge " + v + " needs --forge-url";
      case FORGE_URL_NOT_HTTP -> "--forge-url must be an http(s) URL (got '" + v + "')";
      case FORGE_WITHOUT_PROJECT ->
          "--forge needs --forge-project OWNER/NAME"
              + (v == null ? "" : " (could not use '" + v + "')");
      case BRANCH_NAME ->
          "--branch '" + GitNames.printable(v) + "' is not a valid branch name: " + e.detail();
      case PATH_OUTSIDE ->
          "--path must be a directory inside the repository, not its root (got '"
              + GitNames.printable(v)
              + "')";
      case INSECURE_TOKEN ->
          "refusing to send the token (--token-env) over plain http:// to "
              + v
              + " ("
              + e.detail()
              + "); use https://, or pass --allow-insecure-http";
      case INSECURE_PASSWORD ->
          "refusing to send the password in the URL over plain http:// to "
              + v
              + " ("
              + e.detail()
              + "); use https://, or pass --allow-insecure-http";
      case PATH_NAME ->
          "--path '"
              + GitNames.printable(v)
              + "' is not a valid directory in a git repository: "
              + e.detail();
    };
  }
}
