package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeharden pr} in-process on repositories in a temporary directory (no network): usage and
 * local runs.
 */
class PrCommandTest {
  @TempDir Path tmp;

  private Path repoWithOneCommit(String name) throws Exception {
    Path dir = tmp.resolve(name);
    try (Git git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      Files.writeString(dir.resolve("README.md"), "# infra\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("Initial commit").setAuthor(bob).setCommitter(bob).call();
    }
    return dir;
  }

  private static void assertUsage(CliRun r, String message) {
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("kubeharden: " + message + "\nTry 'kubeharden pr --help'.\n");
  }

  @Test
  void crossOptionMistakesAreUsageErrorsBeforeAnyWork() throws Exception {
    Path repo = repoWithOneCommit("infra");
    String r = repo.toString();
    assertUsage(
        PrGitServerIT.run(
            Map.of("T", "x"), "pr", "--repo", r, "--forge", "github", "--token-env", "T"),
        "--forge needs --push: the pull request's branch must be on the remote");
    assertUsage(
        PrGitServerIT.run(
            "pr", "--repo", r, "--push", "--forge", "github", "--token-env", "KUBEHARDEN_UNSET"),
        "environment variable KUBEHARDEN_UNSET (--token-env) is not set");
    assertUsage(
        PrGitServerIT.run("pr", "--repo", r, "--forge", "bitbucket"),
        "--forge must be github, gitlab or gitea (got 'bitbucket')");
    assertUsage(
        PrGitServerIT.run("pr", "--repo", r, "--label", "x"),
        "--forge-url, --forge-project, --draft, --label and --reviewer need --forge");
    assertUsage(
        PrGitServerIT.run(
            Map.of("T", "x"), "pr", "--repo", r, "--push", "--forge", "gitea", "--token-env", "T"),
        "--forge gitea needs --forge-url");
    assertUsage(
        PrGitServerIT.run(
            Map.of("T", "x"), "pr", "--repo", r, "--push", "--forge", "github", "--token-env", "T"),
        "--forge needs --forge-project OWNER/NAME");
    assertUsage(
        PrGitServerIT.run("pr", "--repo", r, "--path", "."),
        "--path must be a directory inside the repository, not its root (got '.')");
    assertUsage(
        PrGitServerIT.run("pr", "--repo", r, "--path", "a/../.."),
        "--path must be a directory inside the repository, not its root (got 'a/../..')");
    assertUsage(
        PrGitServerIT.run("pr", "--repo", r, "--branch", "bad..name"),
        "--branch 'bad..name' is not a valid branch name: git check-ref-format refuses it");
    assertUsage(
        PrGitServerIT.run("pr", "--repo", r, "--author", "nobody"),
        "--author must look like 'Name <email>' (got 'nobody')");
    try (Git git = Git.open(repo.toFile())) {
      assertThat(git.branchList().call()).hasSize(1);
    }
  }

  @Test
  void pathAndBranchFollowGitsOwnRules() throws Exception {
    Path repo = repoWithOneCommit("infra");
    String r = repo.toString();
    String[][] paths = {
      {"nodes\nx", "'nodes\\nx' has a control character"},
      {".gitmodules", "'.gitmodules' is a name git reserves"},
      {"nodes/.GitAttributes", "'.GitAttributes' is a name git reserves"},
      {".git\u200c/hooks", "'.git\\u200c' has an invisible Unicode character"},
      {"GIT~1/hooks", "'GIT~1' is a name git refuses"},
      {"nodes/.git./x", "'.git.' is a name git refuses"},
      {"a/./b", "'.' is a name git refuses"},
      {"nodes/con", "'con' is a name git refuses"},
      {"nodes/x:y", "'x:y' is a name git refuses"},
      {"nodes/x ", "'x ' is a name git refuses"},
      {"nodes//x", "it has an empty component"},
    };
    for (String[] p : paths) {
      CliRun run = PrGitServerIT.run("pr", "--repo", r, "--profile", "baseline", "--path", p[0]);
      assertThat(run.code()).as(p[0]).isEqualTo(2);
      assertThat(run.errLines().get(0))
          .as(p[0])
          .startsWith("kubeharden: --path '")
          .contains(": " + p[1]);
      assertThat(run.errLines()).as(p[0]).hasSize(2);
    }
    String[][] branches = {
      {"HEAD", "--branch 'HEAD' is not a valid branch name: HEAD names the checked-out commit"},
      {"-x", "--branch '-x' is not a valid branch name: it starts with '-'"},
      {
        "refs/heads/main",
        "--branch 'refs/heads/main' is not a valid branch name: give the branch's short name,"
            + " without refs/"
      },
      {"a\nb", "--branch 'a\\nb' is not a valid branch name: git check-ref-format refuses it"},
      {
        "a@{-1}",
        "--branch 'a@{-1}' is not a valid branch name: '@' and '@{' have a meaning of their own"
            + " in git revisions"
      },
      {"x.lock", "--branch 'x.lock' is not a valid branch name: git check-ref-format refuses it"},
      {
        "kubeharden/cis\u200c",
        "--branch 'kubeharden/cis\\u200c' is not a valid branch name: it has an invisible"
            + " Unicode character"
      },
    };
    for (String[] b : branches) {
      assertUsage(
          PrGitServerIT.run("pr", "--repo", r, "--profile", "baseline", "--branch", b[0]), b[1]);
    }
    try (Git git = Git.open(repo.toFile())) {
      assertThat(git.branchList().call()).hasSize(1);
    }
  }

  @Test
  void anExistingFileAsPathIsRefusedAndNothingIsDeleted() throws Exception {
    Path repo = repoWithOneCommit("infra");
    CliRun r =
        PrGitServerIT.run(
            "pr", "--repo", repo.toString(), "--profile", "baseline", "--path", "README.md");
    assertThat(r.failure())
        .isEqualTo(
            "kubeharden: cannot write the bundle under README.md: it is a file on the base branch"
                + " main, not a directory (pass another --path)");
    CliRun under =
        PrGitServerIT.run(
            "pr", "--repo", repo.toString(), "--profile", "baseline", "--path", "README.md/x");
    assertThat(under.failure())
        .isEqualTo(
            "kubeharden: cannot write the bundle under README.md/x: README.md is a file on the base"
                + " branch main, not a directory (pass another --path)");
    try (Git git = Git.open(repo.toFile())) {
      assertThat(git.branchList().call()).hasSize(1);
    }
  }

  @Test
  void credentialsAreNeverSentOverPlainHttpUnlessAllowed() throws Exception {
    Path repo = repoWithOneCommit("infra");
    Map<String, String> env = Map.of("T", "tok-123");
    String remote = "http://127.0.0.1:9/git/infra.git";
    assertUsage(
        PrGitServerIT.run(env, "pr", "--repo", remote, "--profile", "baseline", "--token-env", "T"),
        "refusing to send the token (--token-env) over plain http:// to "
            + remote
            + " (--repo); use https://, or pass --allow-insecure-http");
    assertUsage(
        PrGitServerIT.run(
            "pr",
            "--repo",
            "http://alice:pw-123@127.0.0.1:9/git/infra.git",
            "--profile",
            "baseline"),
        "refusing to send the password in the URL over plain http:// to "
            + remote
            + " (--repo); use https://, or pass --allow-insecure-http");
    assertUsage(
        PrGitServerIT.run(
            env,
            "pr",
            "--repo",
            repo.toString(),
            "--profile",
            "baseline",
            "--push",
            "--forge",
            "github",
            "--forge-url",
            "http://127.0.0.1:9/api",
            "--forge-project",
            "acme/infra",
            "--token-env",
            "T"),
        "refusing to send the token (--token-env) over plain http:// to http://127.0.0.1:9/api"
            + " (--forge-url); use https://, or pass --allow-insecure-http");
    try (Git git = Git.open(repo.toFile())) {
      var config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", remote);
      config.save();
    }
    assertUsage(
        PrGitServerIT.run(
            env, "pr", "--repo", repo.toString(), "--profile", "baseline", "--token-env", "T"),
        "refusing to send the token (--token-env) over plain http:// to "
            + remote
            + " (remote origin of --repo); use https://, or pass --allow-insecure-http");
    try (Git git = Git.open(repo.toFile())) {
      assertThat(git.branchList().call()).hasSize(1);
    }
  }

  @Test
  void inventoryCannotBeCombinedWithProfileOptions() throws Exception {
    Path repo = repoWithOneCommit("infra");
    String inv = "src/test/resources/fleet/golden/inventory.yaml";
    for (String[] option :
        new String[][] {
          {"--profile", "cis"}, {"--k8s-version", "1.33"}, {"--set", "maxPods=64"}, {"--var", "a=b"}
        }) {
      assertUsage(
          PrGitServerIT.run(
              "pr", "--repo", repo.toString(), "--inventory", inv, option[0], option[1]),
          option[0] + " cannot be combined with --inventory (the inventory sets it per cluster)");
    }
    try (Git git = Git.open(repo.toFile())) {
      assertThat(git.branchList().call()).hasSize(1);
    }
  }

  @Test
  void aLocalRepositoryWithoutRemoteGetsALocalBranchFromItsCheckedOutBranch() throws Exception {
    Path repo = repoWithOneCommit("infra");
    CliRun r =
        PrGitServerIT.run(
            "pr", "--repo", repo.toString(), "--profile", "baseline", "--path", "nodes/hardened");
    r.assertOk();
    try (Git git = Git.open(repo.toFile())) {
      Repository db = git.getRepository();
      String tip = db.resolve(Constants.R_HEADS + "kubeharden/baseline").name();
      assertThat(r.out())
          .isEqualTo(
              "created branch kubeharden/baseline from main\nbranch: kubeharden/baseline\ncommit: "
                  + tip
                  + "\n");
      assertThat(db.getFullBranch()).isEqualTo("refs/heads/main");
      assertThat(git.status().call().isClean()).isTrue();
      assertThat(Files.exists(repo.resolve("nodes"))).isFalse();
      try (RevWalk rw = new RevWalk(db)) {
        RevCommit c = rw.parseCommit(db.resolve(tip));
        assertThat(c.getParent(0)).isEqualTo(db.resolve("main"));
      }
    }
    CliRun again =
        PrGitServerIT.run(
            "pr", "--repo", repo.toString(), "--profile", "baseline", "--path", "nodes/hardened");
    again.assertOk();
    assertThat(again.out())
        .startsWith("up to date: branch kubeharden/baseline already has this bundle on main\n");
  }

  @Test
  void aTargetsBundleLandsUnderThePathInItsTargetsDirectory() throws Exception {
    Path origin = repoWithOneCommit("origin");
    String url = origin.toUri().toString();
    CliRun r =
        PrGitServerIT.run(
            "pr",
            "--repo",
            url,
            "--profile",
            "cis",
            "--target",
            "rke2",
            "--path",
            "infra/edge",
            "--push");
    r.assertOk();
    try (Git git = Git.open(origin.toFile())) {
      var repo = git.getRepository();
      var tip = repo.resolve("refs/heads/kubeharden/cis");
      assertThat(tip).isNotNull();
      try (var walk = new org.eclipse.jgit.revwalk.RevWalk(repo);
          var tw =
              org.eclipse.jgit.treewalk.TreeWalk.forPath(
                  repo,
                  "infra/edge/rke2/etc/rancher/rke2/config.yaml.d/50-kubeharden.yaml",
                  walk.parseCommit(tip).getTree())) {
        assertThat(tw).as("the rke2 drop-in in the branch").isNotNull();
      }
    }
    CliRun both =
        PrGitServerIT.run(
            "pr",
            "--repo",
            url,
            "--inventory",
            "src/test/resources/fleet/targets/inventory.yaml",
            "--target",
            "rke2");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--target cannot be combined with --inventory");
  }

  @Test
  void aFileUrlIsClonedToATemporaryDirectoryAndPushedTo() throws Exception {
    Path origin = repoWithOneCommit("origin");
    String url = origin.toUri().toString();
    CliRun r = PrGitServerIT.run("pr", "--repo", url, "--profile", "baseline", "--push");
    r.assertOk();
    try (Git git = Git.open(origin.toFile())) {
      assertThat(git.getRepository().resolve("refs/heads/kubeharden/baseline")).isNotNull();
      assertThat(git.status().call().isClean()).isTrue();
    }
    assertThat(r.out())
        .startsWith("created branch kubeharden/baseline from main and pushed it to ");
    CliRun dry =
        PrGitServerIT.run(
            "pr",
            "--repo",
            url,
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=2048",
            "--dry-run");
    dry.assertOk();
    assertThat(dry.out())
        .startsWith("~ REPORT.md\n")
        .contains("~ standalone/var/lib/kubelet/config.yaml\n")
        .contains("+podPidsLimit: 2048")
        .endsWith("would update branch kubeharden/baseline\ndry run: nothing was changed\n");
  }

  /**
   * A bare repository with a pre-receive hook, seeded through JGit (which runs no hook): what a
   * shared repository on a file server or a mounted volume looks like.
   */
  private Path bareWithPreReceive(String hook) throws Exception {
    Path seed = repoWithOneCommit("seed");
    Path bare = tmp.resolve("shared.git");
    Git.cloneRepository()
        .setBare(true)
        .setURI(seed.toUri().toString())
        .setDirectory(bare.toFile())
        .call()
        .close();
    Path h = bare.resolve("hooks/pre-receive");
    Files.createDirectories(h.getParent());
    Files.writeString(h, hook);
    assertThat(h.toFile().setExecutable(true)).isTrue();
    return bare;
  }

  @Test
  void aLocalRemotesPreReceiveHookRunsAndCanRefuseThePush() throws Exception {
    Path bare =
        bareWithPreReceive("#!/bin/sh\necho 'kubeharden/* branches need a ticket' >&2\nexit 1\n");
    String refusal =
        " rejected: pre-receive hook declined (remote: kubeharden/* branches need a ticket)";
    CliRun url =
        PrGitServerIT.run(
            "pr", "--repo", bare.toUri().toString(), "--profile", "baseline", "--push");
    assertThat(url.failure())
        .startsWith("kubeharden: push of kubeharden/baseline to ")
        .endsWith(refusal);
    Path clone = tmp.resolve("clone");
    Git.cloneRepository().setURI(bare.toString()).setDirectory(clone.toFile()).call().close();
    CliRun local =
        PrGitServerIT.run("pr", "--repo", clone.toString(), "--profile", "baseline", "--push");
    assertThat(local.failure())
        .isEqualTo("kubeharden: push of kubeharden/baseline to " + bare + refusal);
    try (Git git = Git.open(bare.toFile())) {
      assertThat(git.getRepository().resolve("refs/heads/kubeharden/baseline")).isNull();
    }
    try (Git git = Git.open(clone.toFile())) {
      assertThat(git.getRepository().resolve("refs/heads/kubeharden/baseline")).isNull();
    }
  }

  @Test
  void aLocalRemotesHookSeesThePushThatItAccepts() throws Exception {
    Path bare = bareWithPreReceive("#!/bin/sh\ncat > received\n");
    CliRun r =
        PrGitServerIT.run(
            "pr", "--repo", bare.toUri().toString(), "--profile", "baseline", "--push");
    r.assertOk();
    try (Git git = Git.open(bare.toFile())) {
      ObjectId tip = git.getRepository().resolve("refs/heads/kubeharden/baseline");
      assertThat(tip).isNotNull();
      assertThat(Files.readString(bare.resolve("received")))
          .isEqualTo(
              ObjectId.zeroId().name() + " " + tip.name() + " refs/heads/kubeharden/baseline\n");
    }
  }

  @Test
  void aBranchCheckedOutInAnotherWorktreeIsNeverChanged() throws Exception {
    Path repo = repoWithOneCommit("infra");
    Path wt = Files.createDirectories(repo.resolve(".git/worktrees/other"));
    Files.writeString(wt.resolve("HEAD"), "ref: refs/heads/kubeharden/baseline\n");
    CliRun r = PrGitServerIT.run("pr", "--repo", repo.toString(), "--profile", "baseline");
    assertThat(r.failure())
        .isEqualTo(
            "kubeharden: branch kubeharden/baseline is checked out in "
                + repo
                + " or one of its worktrees;"
                + " kubeharden never changes a checked-out branch (switch away or pass another --branch)");
    try (Git git = Git.open(repo.toFile())) {
      assertThat(git.getRepository().resolve("refs/heads/kubeharden/baseline")).isNull();
    }
  }

  @Test
  void aMissingRepositoryIsAUsageErrorBeforeAnyGeneration() {
    // the --set would fail generation (exit 3): the --repo check comes first
    CliRun r =
        PrGitServerIT.run(
            "pr",
            "--repo",
            tmp.resolve("nope").toString(),
            "--profile",
            "baseline",
            "--set",
            "readOnlyPort=10255");
    assertUsage(
        r, "--repo " + tmp.resolve("nope") + ": no such directory (a local clone, or a URL)");
  }

  @Test
  void everyOptionIsInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains("### pr\n");
    var cl =
        Cli.newCommandLine(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(new java.io.StringWriter()));
    for (var o : cl.getSubcommands().get("pr").getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--stacktrace")) {
        assertThat(readme).as("README documents pr %s", o.longestName()).contains(o.longestName());
      }
    }
  }
}
