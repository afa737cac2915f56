package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.FakeGitHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pr} with exceptions, against a real bare repository (file://) and the GitHub fake: an
 * expired exception stops it before anything is pushed or opened; otherwise the pull request body,
 * which carries REPORT.md, lists the exceptions with owner, ticket and expiry.
 */
class ExceptionPrIT {
  private static final String TOKEN = "ghp-fake-exceptions";
  private static final String DIR = ExceptionExpiryTest.DIR;

  @TempDir Path tmp;
  String url;

  @BeforeEach
  void seed() throws Exception {
    Path bare = tmp.resolve("infra.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    url = bare.toUri().toString();
    Path seed = tmp.resolve("seed");
    try (Git git = Git.cloneRepository().setURI(url).setDirectory(seed.toFile()).call()) {
      Files.writeString(seed.resolve("README.md"), "# infra\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("Initial commit").setAuthor(bob).setCommitter(bob).call();
      git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
  }

  private CliRun pr(FakeGitHub github, String profile) {
    return CliRun.runOn(
        "2026-06-01",
        cl ->
            ((PrCommand) cl.getSubcommands().get("pr").getCommand()).env =
                Map.of("GH_TOKEN", TOKEN)::get,
        "pr",
        "--repo",
        url,
        "--profile",
        profile,
        "--k8s-version",
        "1.34",
        "--push",
        "--forge",
        "github",
        "--allow-insecure-http", // the forge fake serves plain http on the loopback
        "--forge-url",
        github.url(),
        "--forge-project",
        "alice/infra",
        "--token-env",
        "GH_TOKEN");
  }

  private Object remoteBranches() throws Exception {
    try (Git git = Git.open(tmp.resolve("infra.git").toFile())) {
      Repository r = git.getRepository();
      return r.getRefDatabase().getRefsByPrefix("refs/heads/").stream()
          .map(ref -> ref.getName())
          .toList();
    }
  }

  @Test
  void anExpiredExceptionStopsPrBeforeAnythingIsPushedOrOpened() throws Exception {
    try (FakeGitHub github = new FakeGitHub("alice/infra", TOKEN)) {
      CliRun r = pr(github, DIR + "expired.yaml");
      assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
      assertThat(r.errLines())
          .containsExactly(
              DIR
                  + "expired.yaml:7:5: error: exception CIS-1.12:4.2.7 expired on 2026-05-31 (owner"
                  + " platform-team, ticket SEC-123): renew it with a later expires date, or remove it",
              "1 error; nothing was committed or pushed");
      assertThat(remoteBranches()).isEqualTo(java.util.List.of("refs/heads/main"));
      assertThat(github.requests).isEmpty();
    }
  }

  @Test
  void thePullRequestBodyListsTheExceptionsWithOwnerTicketAndExpiry() throws Exception {
    try (FakeGitHub github = new FakeGitHub("alice/infra", TOKEN)) {
      CliRun r = pr(github, DIR + "site.yaml");
      r.assertOk();
      assertThat(r.errLines())
          .contains(
              "warning: exception CIS-1.12:4.2.7 (site) expires on 2026-06-20, within 30 days (owner"
                  + " platform-team, ticket SEC-123): renew it or remove it");
      assertThat(github.pulls).hasSize(1);
      assertThat(github.pulls.get(0).path("body").asText())
          .contains("## Exceptions\n")
          .contains(
              "| CIS-1.12:4.2.7 | Ensure that the --hostname-override argument is not set | The cloud"
                  + " provider sets --hostname-override to the instance name. | platform-team |"
                  + " SEC-123 | 2026-06-20 | site | in force |")
          .contains(
              "- exception CIS-1.12:4.2.7 (site) expires on 2026-06-20, within 30 days (owner"
                  + " platform-team, ticket SEC-123): renew it or remove it");
    }
  }

  private CliRun prInventory(String today, String... extra) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of("pr", "--repo", url, "--inventory", DIR + "fleet.yaml", "--push"));
    args.addAll(java.util.List.of(extra));
    return CliRun.runOn(today, args.toArray(String[]::new));
  }

  @Test
  void prOfAnInventoryTakesTheDayAndTheWarningWindowFromTheCommandLine() throws Exception {
    String warning =
        "warning: exception CIS-1.12:4.2.12 (inventory) expires on 2026-06-15, within 30 days"
            + " (owner payments, ticket PAY-7): renew it or remove it";
    CliRun dflt = prInventory("2026-06-01", "--dry-run");
    dflt.assertOk();
    assertThat(dflt.errLines()).filteredOn(l -> l.contains("exception ")).containsExactly(warning);
    CliRun narrow = prInventory("2026-06-01", "--dry-run", "--exception-warn-days", "14");
    narrow.assertOk();
    assertThat(narrow.errLines()).filteredOn(l -> l.contains("exception ")).isEmpty();
    CliRun wide = prInventory("2026-06-01", "--dry-run", "--exception-warn-days", "15");
    wide.assertOk();
    assertThat(wide.errLines())
        .filteredOn(l -> l.contains("exception "))
        .containsExactly(warning.replace("30 days", "15 days"));
    CliRun negative = prInventory("2026-06-01", "--exception-warn-days", "-1");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.errLines())
        .first()
        .isEqualTo("kubeharden: --exception-warn-days must be 0 or more (got -1)");
    CliRun late = prInventory("2026-06-16");
    assertThat(late.code()).as("stderr: %s", late.err()).isEqualTo(3);
    assertThat(late.errorLines())
        .containsExactly(
            DIR
                + "fleet.yaml:18:18: error: exception CIS-1.12:4.2.12 expired on 2026-06-15 (owner"
                + " payments, ticket PAY-7): renew it with a later expires date, or remove it");
    assertThat(remoteBranches()).isEqualTo(java.util.List.of("refs/heads/main"));
  }
}
