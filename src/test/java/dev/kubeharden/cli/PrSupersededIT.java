package dev.kubeharden.cli;

import static dev.kubeharden.cli.PrForgesIT.CREDS;
import static dev.kubeharden.cli.PrForgesIT.PASSWORD;
import static dev.kubeharden.cli.PrForgesIT.TOKEN;
import static dev.kubeharden.cli.PrForgesIT.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.cli.PrForgesIT.Forge;
import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.FakeForge;
import dev.kubeharden.testing.FakeGitHub;
import dev.kubeharden.testing.FakeGitLab;
import dev.kubeharden.testing.FakeGitea;
import dev.kubeharden.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Superseded pull requests, against the real git server and the forge fakes: a branch kubeharden
 * made whose wave is gone, that the waves replace, or that an earlier --branch named, has its pull
 * request closed with a comment and is deleted; a branch or pull request someone else made is never
 * touched.
 */
class PrSupersededIT {
  private static final String INVENTORY =
      """
      apiVersion: kubeharden.dev/v1alpha1
      kind: Inventory
      defaults:
        profiles: [baseline]
        kubernetesVersion: "1.34"
      clusters:
        - name: prod
          nodePools:
            - name: general
        - name: staging
          nodePools:
            - name: general
      """;

  private static final String TWO_WAVES =
      "waves:\n  - name: canary\n    pools: [staging]\n  - name: prod\n    pools: [prod]\n";

  @TempDir Path tmp;
  GitHttpServer server;
  String authUrl;
  Path inventory;

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
    try (Git git = clone("seed")) {
      Files.writeString(tmp.resolve("seed/README.md"), "# infra\n");
      commitAndPush(git, "Initial commit", "main");
    }
    inventory = tmp.resolve("fleet.yaml");
    Files.writeString(inventory, INVENTORY);
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  private Git clone(String dir) throws Exception {
    return Git.cloneRepository()
        .setURI(server.url("infra.git"))
        .setDirectory(tmp.resolve(dir).toFile())
        .setCredentialsProvider(CREDS)
        .call();
  }

  private static void commitAndPush(Git git, String message, String branch) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
    git.commit().setMessage(message).setAuthor(bob).setCommitter(bob).call();
    git.push()
        .setCredentialsProvider(CREDS)
        .setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch))
        .call();
  }

  private List<String> serverBranches() throws IOException {
    try (Repository r =
        RepositoryCache.FileKey.exact(server.dir("infra.git").toFile(), FS.DETECTED).open(true)) {
      return r.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
          .map(ref -> ref.getName().substring(Constants.R_HEADS.length()))
          .sorted()
          .toList();
    }
  }

  private static CliRun pr(Forge forge, FakeForge fake, String... args) {
    List<String> all = new ArrayList<>(List.of("pr", "--push", "--allow-insecure-http"));
    if (fake != null) {
      all.addAll(
          List.of(
              "--forge",
              forge.name().toLowerCase(java.util.Locale.ROOT),
              "--forge-url",
              fake.url(),
              "--forge-project",
              "alice/infra",
              "--token-env",
              "FORGE_TOKEN"));
    }
    all.addAll(List.of(args));
    return CliRun.run(
        cl ->
            ((PrCommand) cl.getSubcommands().get("pr").getCommand()).env =
                Map.of("FORGE_TOKEN", TOKEN)::get,
        all.toArray(String[]::new));
  }

  /** The comments the fake got, "number: body". */
  private static List<String> comments(FakeForge fake) {
    if (fake instanceof FakeGitHub g) {
      return g.commentsPosted;
    }
    if (fake instanceof FakeGitLab g) {
      return g.notesPosted;
    }
    return ((FakeGitea) fake).commentsPosted;
  }

  @ParameterizedTest
  @EnumSource(Forge.class)
  void theSinglePullRequestIsClosedAndItsBranchDeletedWhenTheInventoryGetsWaves(Forge forge)
      throws Exception {
    try (FakeForge fake = forge.start()) {
      pr(forge, fake, "--repo", authUrl, "--inventory", inventory.toString()).assertOk();
      assertThat(serverBranches()).containsExactly("kubeharden/fleet", "main");
      Files.writeString(inventory, INVENTORY + TWO_WAVES);
      CliRun waves = pr(forge, fake, "--repo", authUrl, "--inventory", inventory.toString());
      waves.assertOk();
      assertThat(waves.out())
          .startsWith(
              "closed pull request "
                  + forge.url(1)
                  + " and deleted branch kubeharden/fleet: superseded, the inventory now rolls out"
                  + " in waves\nwave canary (1 of 2):\ncreated branch kubeharden/fleet/canary")
          .contains("pull request: " + forge.url(2) + " (opened)\n")
          .endsWith("pull request: " + forge.url(3) + " (opened)\n");
      assertThat(serverBranches())
          .containsExactly("kubeharden/fleet/canary", "kubeharden/fleet/prod", "main");
      assertThat(fake.pulls.get(0).path("state").asText()).isEqualTo("closed");
      assertThat(comments(fake))
          .containsExactly(
              "1: kubeharden closes this pull request as superseded: the inventory now rolls out"
                  + " in waves.\n\nIt is replaced by the pull requests from"
                  + " `kubeharden/fleet/canary` and `kubeharden/fleet/prod`. Its branch"
                  + " `kubeharden/fleet` is deleted.\n");
      // a re-run finds nothing superseded
      CliRun again = pr(forge, fake, "--repo", authUrl, "--inventory", inventory.toString());
      again.assertOk();
      assertThat(again.out()).doesNotContain("superseded");
      assertThat(comments(fake)).hasSize(1);
    }
  }

  @Test
  void aWaveNoLongerInTheInventoryIsClosedAndDeletedAndSoAreTheWavesWhenTheyGo() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("alice/infra", TOKEN)) {
      String inv = inventory.toString();
      Files.writeString(inventory, INVENTORY + TWO_WAVES);
      pr(Forge.GITHUB, fake, "--repo", authUrl, "--inventory", inv).assertOk();
      Files.writeString(
          inventory,
          INVENTORY
              + "waves:\n  - name: canary\n    pools: [staging]\n  - name: rest\n"
              + "    pools: [prod]\n");
      CliRun renamed = pr(Forge.GITHUB, fake, "--repo", authUrl, "--inventory", inv);
      renamed.assertOk();
      assertThat(renamed.out())
          .startsWith(
              "closed pull request https://github.example/alice/pull/2 and deleted branch"
                  + " kubeharden/fleet/prod: superseded, wave prod is no longer in the"
                  + " inventory\nwave canary (1 of 2):\n");
      assertThat(serverBranches())
          .containsExactly("kubeharden/fleet/canary", "kubeharden/fleet/rest", "main");
      assertThat(fake.pulls.stream().map(p -> p.path("state").asText()))
          .containsExactly("open", "closed", "open");
      assertThat(fake.commentsPosted)
          .singleElement()
          .asString()
          .startsWith(
              "2: kubeharden closes this pull request as superseded: wave prod is no longer")
          .contains("`kubeharden/fleet/canary` and `kubeharden/fleet/rest`");

      Files.writeString(inventory, INVENTORY);
      CliRun single = pr(Forge.GITHUB, fake, "--repo", authUrl, "--inventory", inv);
      single.assertOk();
      assertThat(single.out())
          .startsWith(
              "closed pull request https://github.example/alice/pull/1 and deleted branch"
                  + " kubeharden/fleet/canary: superseded, the inventory no longer declares rollout"
                  + " waves\nclosed pull request https://github.example/alice/pull/3 and deleted"
                  + " branch kubeharden/fleet/rest: superseded, the inventory no longer declares"
                  + " rollout waves\ncreated branch kubeharden/fleet from main")
          .endsWith("pull request: https://github.example/alice/pull/4 (opened)\n");
      assertThat(serverBranches()).containsExactly("kubeharden/fleet", "main");
    }
  }

  @Test
  void aChangedBranchClosesAndDeletesTheOldOneAndNeverTouchesSomeoneElses() throws Exception {
    try (FakeForge fake = Forge.GITHUB.start()) {
      pr(Forge.GITHUB, fake, "--repo", authUrl, "--profile", "baseline").assertOk();
      // a teammate's own branch under the same directory, and a branch of another profile
      try (Git git = clone("bob")) {
        git.checkout().setCreateBranch(true).setName("bob/tweak").call();
        Files.createDirectories(tmp.resolve("bob/kubeharden/baseline"));
        Files.writeString(tmp.resolve("bob/kubeharden/baseline/NOTES.md"), "notes\n");
        commitAndPush(git, "Notes on the bundle", "bob/tweak");
      }
      pr(Forge.GITHUB, fake, "--repo", authUrl, "--profile", "cis").assertOk();
      CliRun moved =
          pr(
              Forge.GITHUB,
              fake,
              "--repo",
              authUrl,
              "--profile",
              "baseline",
              "--branch",
              "infra/hardening");
      moved.assertOk();
      assertThat(moved.out())
          .startsWith(
              "closed pull request https://github.example/alice/pull/1 and deleted branch"
                  + " kubeharden/baseline: superseded, the bundle under kubeharden/baseline is now"
                  + " proposed from infra/hardening\ncreated branch infra/hardening");
      assertThat(serverBranches())
          .containsExactly("bob/tweak", "infra/hardening", "kubeharden/cis", "main");
      assertThat(fake.pulls.get(0).path("state").asText()).isEqualTo("closed");
      assertThat(fake.pulls.get(1).path("state").asText()).isEqualTo("open");
      assertThat(((FakeGitHub) fake).commentsPosted)
          .containsExactly(
              "1: kubeharden closes this pull request as superseded: the bundle under"
                  + " kubeharden/baseline is now proposed from infra/hardening.\n\nIt is replaced"
                  + " by the pull request from `infra/hardening`. Its branch"
                  + " `kubeharden/baseline` is deleted.\n");
    }
  }

  @Test
  void aPullRequestKubehardenDidNotWriteKeepsItsBranch() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("alice/infra", TOKEN)) {
      pr(Forge.GITHUB, fake, "--repo", authUrl, "--profile", "baseline").assertOk();
      fake.pulls.get(0).put("body", "Bob rewrote this description by hand.");
      CliRun moved =
          pr(Forge.GITHUB, fake, "--repo", authUrl, "--profile", "baseline", "--branch", "x/y");
      moved.assertOk();
      assertThat(moved.out()).doesNotContain("superseded");
      assertThat(serverBranches()).containsExactly("kubeharden/baseline", "main", "x/y");
      assertThat(fake.pulls.get(0).path("state").asText()).isEqualTo("open");
      assertThat(fake.commentsPosted).isEmpty();
    }
  }

  @Test
  void withoutAForgeTheOldBranchStillMakesWayForTheWaves() throws Exception {
    pr(null, null, "--repo", authUrl, "--inventory", inventory.toString()).assertOk();
    Files.writeString(inventory, INVENTORY + TWO_WAVES);
    CliRun dry =
        pr(null, null, "--repo", authUrl, "--inventory", inventory.toString(), "--dry-run");
    dry.assertOk();
    assertThat(dry.out())
        .startsWith(
            "would close the pull request of and delete branch kubeharden/fleet: superseded, the"
                + " inventory now rolls out in waves\n");
    assertThat(serverBranches()).containsExactly("kubeharden/fleet", "main");
    CliRun waves = pr(null, null, "--repo", authUrl, "--inventory", inventory.toString());
    waves.assertOk();
    assertThat(waves.out())
        .startsWith(
            "deleted branch kubeharden/fleet: superseded, the inventory now rolls out in waves\n");
    assertThat(serverBranches())
        .containsExactly("kubeharden/fleet/canary", "kubeharden/fleet/prod", "main");
  }

  @Test
  void anOldBranchWithSomeoneElsesCommitIsNeverDeletedAndTheRunSaysWhy() throws Exception {
    pr(null, null, "--repo", authUrl, "--inventory", inventory.toString()).assertOk();
    try (Git git = clone("bob")) {
      git.checkout()
          .setCreateBranch(true)
          .setName("kubeharden/fleet")
          .setStartPoint("origin/kubeharden/fleet")
          .call();
      Files.writeString(tmp.resolve("bob/NOTES.md"), "notes\n");
      commitAndPush(git, "A note", "kubeharden/fleet");
    }
    Files.writeString(inventory, INVENTORY + TWO_WAVES);
    CliRun waves = pr(null, null, "--repo", authUrl, "--inventory", inventory.toString());
    assertThat(waves.code()).isEqualTo(1);
    assertThat(waves.failure())
        .isEqualTo(
            "kubeharden: branch kubeharden/fleet on "
                + server.url("infra.git")
                + " has commits kubeharden did not make, and git cannot hold it beside"
                + " kubeharden/fleet/canary; merge or delete it, then run again");
    assertThat(serverBranches()).containsExactly("kubeharden/fleet", "main");
  }
}
