package dev.kubeharden.cli;

import static dev.kubeharden.cli.PrGitServerIT.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.FakeGitHub;
import dev.kubeharden.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeharden pr --inventory} in-process against a real JGit HTTP server with basic auth on
 * 127.0.0.1.
 */
class PrInventoryIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-pw";
  private static final String BRANCH = "kubeharden/fleet";
  private static final String DIR = "kubeharden/fleet/";
  private static final UsernamePasswordCredentialsProvider CREDS =
      new UsernamePasswordCredentialsProvider(USER, PASSWORD);

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
            - name: gpu
              kubelet:
                config:
                  maxPods: 64
        - name: staging
          kubernetesVersion: "1.33"
          nodePools:
            - name: general
      """;

  @TempDir Path tmp;
  GitHttpServer server;
  String url;
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
    url = server.url("infra.git");
    authUrl = server.url("infra.git", USER, PASSWORD);
    Path seed = tmp.resolve("seed");
    try (Git git =
        Git.cloneRepository()
            .setURI(url)
            .setDirectory(seed.toFile())
            .setCredentialsProvider(CREDS)
            .call()) {
      Files.writeString(seed.resolve("README.md"), "# infra\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("Initial commit").setAuthor(bob).setCommitter(bob).call();
      git.push()
          .setCredentialsProvider(CREDS)
          .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
          .call();
    }
    inventory = tmp.resolve("fleet.yaml");
    Files.writeString(inventory, INVENTORY);
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  private Repository serverRepo() throws IOException {
    return RepositoryCache.FileKey.exact(server.dir("infra.git").toFile(), FS.DETECTED).open(true);
  }

  private ObjectId serverTip(String branch) throws IOException {
    try (Repository r = serverRepo()) {
      return r.resolve(Constants.R_HEADS + branch);
    }
  }

  private RevCommit serverCommit(String branch) throws IOException {
    try (Repository r = serverRepo();
        RevWalk rw = new RevWalk(r)) {
      RevCommit c = rw.parseCommit(r.resolve(Constants.R_HEADS + branch));
      rw.parseBody(c);
      return c;
    }
  }

  /** Every file path on the branch's tip. */
  private java.util.SortedSet<String> serverFiles(String branch) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (Repository r = serverRepo();
        RevWalk rw = new RevWalk(r);
        TreeWalk tw = new TreeWalk(r)) {
      tw.addTree(rw.parseCommit(r.resolve(Constants.R_HEADS + branch)).getTree());
      tw.setRecursive(true);
      while (tw.next()) {
        out.add(tw.getPathString());
      }
    }
    return out;
  }

  private String serverFile(String branch, String path) throws IOException {
    try (Repository r = serverRepo();
        RevWalk rw = new RevWalk(r)) {
      RevCommit c = rw.parseCommit(r.resolve(Constants.R_HEADS + branch));
      try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
        return tw == null
            ? null
            : new String(
                r.open(tw.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
  }

  private CliRun pr(String... extra) {
    String[] args = new String[6 + extra.length];
    System.arraycopy(
        new String[] {
          "pr", "--repo", authUrl, "--allow-insecure-http", "--inventory", inventory.toString()
        },
        0,
        args,
        0,
        6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    return run(args);
  }

  @Test
  void firstRunCreatesTheBranchWithTheFleetTreeAndAReRunIsANoOp() throws Exception {
    CliRun first = pr("--push");
    first.assertOk();
    ObjectId tip = serverTip(BRANCH);
    assertThat(tip).isNotNull();
    assertThat(first.out())
        .isEqualTo(
            "created branch "
                + BRANCH
                + " from main and pushed it to "
                + url
                + "\n"
                + "branch: "
                + BRANCH
                + "\n"
                + "commit: "
                + tip.name()
                + "\n");
    RevCommit c = serverCommit(BRANCH);
    assertThat(c.getParent(0)).isEqualTo(serverTip("main"));
    assertThat(c.getFullMessage())
        .startsWith(
            "Harden fleet fleet: 2 clusters, 3 node pools\n\nGenerated by kubeharden from the inventory fleet.yaml:"
                + " 2 clusters, 3 node pools, 3 distinct configurations.\n");
    java.util.SortedSet<String> files = serverFiles(BRANCH);
    assertThat(files)
        .contains(
            "README.md",
            DIR + "REPORT.md",
            DIR + "report.json",
            DIR + "prod/general/standalone/var/lib/kubelet/config.yaml",
            DIR + "prod/gpu/standalone/var/lib/kubelet/config.yaml",
            DIR + "staging/general/standalone/var/lib/kubelet/config.yaml");
    assertThat(files).allMatch(f -> f.equals("README.md") || f.startsWith(DIR));
    assertThat(serverFile(BRANCH, DIR + "REPORT.md")).startsWith("# kubeharden fleet report");
    assertThat(serverFile(BRANCH, DIR + "prod/gpu/standalone/var/lib/kubelet/config.yaml"))
        .contains("maxPods: 64");

    // the same tree as generate --inventory writes
    Path out = tmp.resolve("out");
    assertThat(
            CliRun.run("generate", "--inventory", inventory.toString(), "--out", out.toString())
                .code())
        .isZero();
    TreeSet<String> generated = new TreeSet<>();
    try (var s = Files.walk(out)) {
      s.filter(Files::isRegularFile)
          .forEach(p -> generated.add(DIR + out.relativize(p).toString().replace('\\', '/')));
    }
    generated.add("README.md");
    assertThat(files).isEqualTo(generated);

    CliRun again = pr("--push");
    again.assertOk();
    assertThat(again.out())
        .isEqualTo(
            "up to date: branch "
                + BRANCH
                + " already has this bundle on main\n"
                + "branch: "
                + BRANCH
                + "\n"
                + "commit: "
                + tip.name()
                + "\n");
    assertThat(serverTip(BRANCH)).isEqualTo(tip);
  }

  @Test
  void removingAPoolDeletesItsDirectoryInANewCommit() throws Exception {
    pr("--push").assertOk();
    ObjectId first = serverTip(BRANCH);
    Files.writeString(
        inventory,
        INVENTORY.replace(
            "      - name: gpu\n        kubelet:\n          config:\n            maxPods: 64\n",
            ""));
    CliRun dry = pr("--push", "--dry-run");
    dry.assertOk();
    assertThat(dry.out())
        .contains("- prod/gpu/standalone/var/lib/kubelet/config.yaml\n")
        .contains("--- a/prod/gpu/standalone/var/lib/kubelet/config.yaml\n+++ /dev/null\n")
        .endsWith("would update branch " + BRANCH + " and push it\ndry run: nothing was changed\n");
    assertThat(serverTip(BRANCH)).isEqualTo(first);

    CliRun r = pr("--push");
    r.assertOk();
    assertThat(r.out()).startsWith("updated branch " + BRANCH + " and pushed it to " + url + "\n");
    RevCommit c = serverCommit(BRANCH);
    assertThat(c.getParent(0)).isEqualTo(first);
    assertThat(c.getFullMessage()).startsWith("Harden fleet fleet: 2 clusters, 2 node pools\n");
    java.util.SortedSet<String> files = serverFiles(BRANCH);
    assertThat(files).noneMatch(f -> f.startsWith(DIR + "prod/gpu/"));
    assertThat(files).contains(DIR + "prod/general/standalone/var/lib/kubelet/config.yaml");
    assertThat(serverFile(BRANCH, DIR + "REPORT.md")).doesNotContain("gpu");

    pr("--push").assertOk();
    assertThat(serverTip(BRANCH)).isEqualTo(c.getId());
  }

  @Test
  void anInventoryErrorIsExit3WithItsPositionAndNothingIsPushed() throws Exception {
    Files.writeString(inventory, INVENTORY.replace("maxPods: 64", "maxPod: 64"));
    CliRun r = pr("--push");
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            inventory
                + ":13:13: error: unknown field \"maxPod\" in KubeletConfiguration; did you mean \"maxPods\"?")
        .endsWith("1 error; nothing was committed or pushed\n");
    assertThat(serverTip(BRANCH)).isNull();
    try (Repository repo = serverRepo()) {
      assertThat(repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS))
          .extracting(org.eclipse.jgit.lib.Ref::getName)
          .containsExactly("refs/heads/main");
    }
  }

  @Test
  void twoWavesAreTwoPullRequestsAndTheLaterOneIsADraftNamingTheEarlier() throws Exception {
    Files.writeString(
        inventory,
        INVENTORY
            + "waves:\n  - name: canary\n    pools: [staging]\n  - name: prod\n    pools: [prod]\n");
    String token = "ghp-fake-0123456789";
    try (FakeGitHub github = new FakeGitHub("alice/infra", token)) {
      String[] args = {
        "pr",
        "--repo",
        authUrl,
        "--allow-insecure-http",
        "--inventory",
        inventory.toString(),
        "--push",
        "--forge",
        "github",
        "--forge-url",
        github.url(),
        "--forge-project",
        "alice/infra",
        "--token-env",
        "GH_TOKEN"
      };
      CliRun first = run(Map.of("GH_TOKEN", token), args);
      first.assertOk();
      assertThat(first.out())
          .startsWith("wave canary (1 of 2):\ncreated branch kubeharden/fleet/canary from main")
          .contains("pull request: https://github.example/alice/pull/1 (opened)\n")
          .contains("wave prod (2 of 2):\ncreated branch kubeharden/fleet/prod from main")
          .endsWith("pull request: https://github.example/alice/pull/2 (opened)\n");
      java.util.SortedSet<String> canary = serverFiles("kubeharden/fleet/canary");
      assertThat(canary)
          .contains(DIR + "staging/general/standalone/var/lib/kubelet/config.yaml")
          .noneMatch(f -> f.startsWith(DIR + "prod/"))
          .doesNotContain(DIR + "REPORT.md");
      assertThat(serverFiles("kubeharden/fleet/prod"))
          .contains(
              DIR + "staging/general/standalone/var/lib/kubelet/config.yaml",
              DIR + "prod/gpu/standalone/var/lib/kubelet/config.yaml",
              DIR + "REPORT.md");
      var one = github.pulls.get(0);
      var two = github.pulls.get(1);
      assertThat(one.path("head").path("ref").asText()).isEqualTo("kubeharden/fleet/canary");
      assertThat(one.path("draft").asBoolean()).isFalse();
      assertThat(one.path("title").asText())
          .isEqualTo("Harden fleet fleet: 2 clusters, 3 node pools, wave canary (1 of 2)");
      assertThat(one.path("body").asText())
          .contains("## Rollout\n\nWave canary, 1 of 2: staging/general.\n")
          .contains("## Runtime impact\n\n- **restart** (")
          .contains("Node pools touched: staging/general.\n")
          .contains("**Rollback**: revert this pull request");
      assertThat(two.path("head").path("ref").asText()).isEqualTo("kubeharden/fleet/prod");
      assertThat(two.path("draft").asBoolean()).isTrue();
      assertThat(two.path("body").asText())
          .contains(
              "Wave prod, 2 of 2: prod/general, prod/gpu. Merge wave canary (branch"
                  + " `kubeharden/fleet/canary`) first")
          .contains("Node pools touched: prod/general, prod/gpu, staging/general.\n");

      // canary is merged: main now holds it, and prod is no longer waiting
      try (Repository r = serverRepo()) {
        var u = r.updateRef(Constants.R_HEADS + "main");
        u.setNewObjectId(r.resolve("refs/heads/kubeharden/fleet/canary"));
        u.update();
      }
      ObjectId prodTip = serverTip("kubeharden/fleet/prod");
      CliRun again = run(Map.of("GH_TOKEN", token), args);
      again.assertOk();
      assertThat(again.out())
          .startsWith(
              "wave canary (1 of 2):\nup to date: main already has this bundle under"
                  + " kubeharden/fleet; nothing to propose\n");
      assertThat(serverTip("kubeharden/fleet/prod")).isEqualTo(prodTip);
      assertThat(github.pulls.get(1).path("body").asText()).contains("Wave canary is merged.");
    }
  }

  @Test
  void thePullRequestBodyIsTheFleetReport() throws Exception {
    String token = "ghp-fake-0123456789";
    try (FakeGitHub github = new FakeGitHub("alice/infra", token)) {
      CliRun first =
          run(
              Map.of("GH_TOKEN", token),
              "pr",
              "--repo",
              authUrl,
              "--allow-insecure-http",
              "--inventory",
              inventory.toString(),
              "--push",
              "--forge",
              "github",
              "--forge-url",
              github.url(),
              "--forge-project",
              "alice/infra",
              "--token-env",
              "GH_TOKEN",
              "--branch",
              "fleet/hardening",
              "--path",
              "clusters/hardening");
      first.assertOk();
      assertThat(first.out())
          .endsWith("pull request: https://github.example/alice/pull/1 (opened)\n");
      assertThat(serverFiles("fleet/hardening"))
          .contains("clusters/hardening/prod/gpu/standalone/var/lib/kubelet/config.yaml");
      var pull = github.pulls.get(0);
      assertThat(pull.path("title").asText())
          .isEqualTo("Harden fleet fleet: 2 clusters, 3 node pools");
      assertThat(pull.path("head").path("ref").asText()).isEqualTo("fleet/hardening");
      assertThat(pull.path("body").asText())
          .contains("## What changed")
          .contains(
              "- added `clusters/hardening/staging/general/standalone/var/lib/kubelet/config.yaml`")
          .contains("# kubeharden fleet report");
    }
  }
}
