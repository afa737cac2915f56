package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.FakeForge;
import dev.kubeharden.testing.FakeGitHub;
import dev.kubeharden.testing.FakeGitLab;
import dev.kubeharden.testing.FakeGitea;
import dev.kubeharden.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code pr} against the real git server and each forge fake: reviewers from CODEOWNERS and
 * --reviewer, and a pull request closed without merging left closed until the bundle changes, on
 * GitHub, GitLab and Gitea alike.
 */
class PrForgesIT {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-pw";
  static final String TOKEN = "forge-token-0123456789";
  static final UsernamePasswordCredentialsProvider CREDS =
      new UsernamePasswordCredentialsProvider(USER, PASSWORD);

  /** A forge fake and what differs between forges in the tests. */
  enum Forge {
    GITHUB,
    GITLAB,
    GITEA;

    FakeForge start() throws Exception {
      return switch (this) {
        case GITHUB -> new FakeGitHub("alice/infra", TOKEN);
        case GITLAB -> new FakeGitLab("alice/infra", TOKEN);
        case GITEA -> new FakeGitea("alice/infra", TOKEN);
      };
    }

    /** The reviewers a pull request of the fake has been asked for: users, then teams. */
    List<String> reviewers(ObjectNode pr) {
      List<String> out = new ArrayList<>();
      switch (this) {
        case GITHUB -> {
          out.addAll(pr.path("requested_reviewers").findValuesAsText("login"));
          out.addAll(pr.path("requested_teams").findValuesAsText("slug"));
        }
        case GITLAB -> out.addAll(pr.path("reviewers").findValuesAsText("username"));
        case GITEA -> {
          out.addAll(pr.path("requested_reviewers").findValuesAsText("login"));
          out.addAll(pr.path("requested_reviewers_teams").findValuesAsText("name"));
        }
      }
      return out;
    }

    void closeWithoutMerging(ObjectNode pr) {
      pr.put("state", "closed");
    }

    /** The pull request's web URL as the fake writes it. */
    String url(int n) {
      return switch (this) {
        case GITHUB -> "https://github.example/alice/pull/" + n;
        case GITLAB -> "https://gitlab.example/merge_requests/" + n;
        case GITEA -> "https://gitea.example/o/r/pulls/" + n;
      };
    }
  }

  @TempDir Path tmp;
  GitHttpServer server;
  String authUrl;

  @BeforeEach
  void startServer() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("server"));
    Git.init()
        .setBare(true)
        .setInitialBranch("main")
        .setDirectory(root.resolve("infra.git").toFile())
        .call()
        .close();
    server = new GitHttpServer(root, USER, PASSWORD);
    authUrl = server.url("infra.git", USER, PASSWORD);
    Path seed = tmp.resolve("seed");
    try (Git git =
        Git.cloneRepository()
            .setURI(server.url("infra.git"))
            .setDirectory(seed.toFile())
            .setCredentialsProvider(CREDS)
            .call()) {
      Files.writeString(seed.resolve("README.md"), "# infra\n");
      Files.createDirectories(seed.resolve(".github"));
      Files.writeString(
          seed.resolve(".github/CODEOWNERS"),
          "# owners\n* @bob\n/kubeharden/ @alice @acme/security\n/clusters/ @bob\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("Initial commit").setAuthor(bob).setCommitter(bob).call();
      git.push()
          .setCredentialsProvider(CREDS)
          .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
          .call();
    }
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  static CliRun pr(Forge forge, FakeForge fake, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "pr",
                "--profile",
                "baseline",
                "--push",
                "--allow-insecure-http", // the fakes serve plain http on the loopback
                "--forge",
                forge.name().toLowerCase(java.util.Locale.ROOT),
                "--forge-url",
                fake.url(),
                "--forge-project",
                "alice/infra",
                "--token-env",
                "FORGE_TOKEN"));
    args.addAll(List.of(extra));
    return CliRun.run(
        cl ->
            ((PrCommand) cl.getSubcommands().get("pr").getCommand()).env =
                Map.of("FORGE_TOKEN", TOKEN)::get,
        args.toArray(String[]::new));
  }

  @ParameterizedTest
  @EnumSource(Forge.class)
  void reviewersComeFromCodeownersAndTheOptionAndAreAskedOnce(Forge forge) throws Exception {
    try (FakeForge fake = forge.start()) {
      CliRun first = pr(forge, fake, "--repo", authUrl, "--reviewer", "carol");
      first.assertOk();
      assertThat(first.out()).endsWith("pull request: " + forge.url(1) + " (opened)\n");
      // GitLab cannot ask a group for review; GitHub and Gitea ask the team
      assertThat(forge.reviewers(fake.pulls.get(0)))
          .containsExactlyElementsOf(
              forge == Forge.GITLAB
                  ? List.of("carol", "alice")
                  : List.of("carol", "alice", "security"));
      CliRun update =
          pr(forge, fake, "--repo", authUrl, "--reviewer", "carol", "--set", "podPidsLimit=2048");
      update.assertOk();
      assertThat(update.out()).endsWith("pull request: " + forge.url(1) + " (updated)\n");
      assertThat(fake.writes())
          .filteredOn(
              r ->
                  r.rawPathAndQuery().endsWith("/requested_reviewers")
                      || r.body().contains("reviewer_ids"))
          .hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Forge.class)
  void aPullRequestClosedWithoutMergingIsNotReopenedUntilTheBundleChanges(Forge forge)
      throws Exception {
    try (FakeForge fake = forge.start()) {
      pr(forge, fake, "--repo", authUrl).assertOk();
      forge.closeWithoutMerging(fake.pulls.get(0));
      CliRun again = pr(forge, fake, "--repo", authUrl);
      again.assertOk();
      assertThat(again.out())
          .endsWith(
              "pull request: "
                  + forge.url(1)
                  + " (closed without merging; not reopened: the bundle has not changed since)\n");
      assertThat(fake.pulls).hasSize(1);
      CliRun changed = pr(forge, fake, "--repo", authUrl, "--set", "podPidsLimit=2048");
      changed.assertOk();
      assertThat(changed.out()).endsWith("pull request: " + forge.url(2) + " (opened)\n");
      assertThat(fake.pulls).hasSize(2);
    }
  }
}
