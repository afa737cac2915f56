package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.FakeGitHub;
import dev.kubeharden.testing.GitHttpServer;
import dev.kubeharden.testing.RedirectingServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeharden pr} in-process against a real JGit HTTP server with basic auth on 127.0.0.1.
 */
class PrGitServerIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-pw";
  private static final String BRANCH = "kubeharden/baseline";
  private static final String GENERATED = "Generated-by: kubeharden\n";
  private static final String CONFIG = "kubeharden/baseline/standalone/var/lib/kubelet/config.yaml";
  private static final UsernamePasswordCredentialsProvider CREDS =
      new UsernamePasswordCredentialsProvider(USER, PASSWORD);

  @TempDir Path tmp;
  GitHttpServer server;
  String url;
  String authUrl;

  @BeforeEach
  void startServer() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("server"));
    // an empty repository until the seed push
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
      Files.createDirectories(seed.resolve("clusters"));
      Files.writeString(seed.resolve("clusters/prod.yaml"), "nodes: 3\n");
      commitAndPush(git, "Initial commit", new PersonIdent("Bob", "bob@example.com"), "main");
    }
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  static CliRun run(Map<String, String> env, String... args) {
    return CliRun.run(
        cl -> ((PrCommand) cl.getSubcommands().get("pr").getCommand()).env = env::get, args);
  }

  static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  private static RevCommit commitAndPush(Git git, String message, PersonIdent who, String branch)
      throws Exception {
    git.add().addFilepattern(".").call();
    RevCommit c = git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    git.push()
        .setCredentialsProvider(CREDS)
        .setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch))
        .call();
    return c;
  }

  private Git cloneOf(String name, String branch) throws Exception {
    return Git.cloneRepository()
        .setURI(url)
        .setBranch(branch)
        .setDirectory(tmp.resolve(name).toFile())
        .setCredentialsProvider(CREDS)
        .call();
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

  private String serverFile(String branch, String path) throws IOException {
    try (Repository r = serverRepo();
        RevWalk rw = new RevWalk(r)) {
      RevCommit c = rw.parseCommit(r.resolve(Constants.R_HEADS + branch));
      try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
        return tw == null
            ? null
            : new String(r.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void firstRunCreatesBranchAndCommitAndRerunIsNoOp() throws Exception {
    CliRun first =
        run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push");
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
    assertThat(c.getAuthorIdent().getName()).isEqualTo("kubeharden");
    assertThat(c.getCommitterIdent().getEmailAddress()).isEqualTo("kubeharden@localhost");
    assertThat(c.getFullMessage())
        .startsWith("Harden nodes with baseline for Kubernetes 1.36\n\n")
        .endsWith("\n\nGenerated-by: kubeharden\n");
    assertThat(serverFile(BRANCH, CONFIG)).contains("readOnlyPort: 0");
    assertThat(serverFile(BRANCH, "kubeharden/baseline/REPORT.md")).isNotNull();
    assertThat(serverFile(BRANCH, "README.md")).isEqualTo("# infra\n");

    CliRun again =
        run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push");
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
  void changedContentStacksACommit()
      throws Exception { // stale files: filesNoLongerGeneratedAreDeleted
    run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push")
        .assertOk();
    ObjectId first = serverTip(BRANCH);
    CliRun second =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=2048",
            "--push",
            "--signoff",
            "--author",
            "Infra Bot <infra-bot@example.com>");
    second.assertOk();
    assertThat(second.out())
        .startsWith("updated branch " + BRANCH + " and pushed it to " + url + "\n");
    RevCommit c = serverCommit(BRANCH);
    assertThat(c.getParent(0)).isEqualTo(first);
    assertThat(c.getAuthorIdent().getName()).isEqualTo("Infra Bot");
    assertThat(c.getCommitterIdent().getEmailAddress()).isEqualTo("infra-bot@example.com");
    assertThat(c.getFullMessage())
        .endsWith(
            "\n\nGenerated-by: kubeharden\nSigned-off-by: Infra Bot <infra-bot@example.com>\n");
    assertThat(serverFile(BRANCH, CONFIG)).contains("podPidsLimit: 2048");
  }

  @Test
  void filesNoLongerGeneratedAreDeleted() throws Exception {
    try (Git git = cloneOf("user", "main")) {
      Path stale = tmp.resolve("user/kubeharden/baseline/old.conf");
      Files.createDirectories(stale.getParent());
      Files.writeString(stale, "old\n");
      commitAndPush(git, "An old bundle", new PersonIdent("Bob", "bob@example.com"), "main");
    }
    CliRun r =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--push",
            "--dry-run");
    r.assertOk();
    assertThat(r.out()).contains("- old.conf\n").contains("--- a/old.conf\n+++ /dev/null\n");
    run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push")
        .assertOk();
    assertThat(serverFile(BRANCH, "kubeharden/baseline/old.conf")).isNull();
    assertThat(serverFile(BRANCH, CONFIG)).isNotNull();
  }

  @Test
  void aBaseThatMovedWithoutConflictIsNotForcePushed() throws Exception {
    run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push")
        .assertOk();
    ObjectId first = serverTip(BRANCH);
    try (Git git = cloneOf("user", "main")) {
      Files.writeString(tmp.resolve("user/clusters/staging.yaml"), "nodes: 1\n");
      commitAndPush(git, "Add staging", new PersonIdent("Bob", "bob@example.com"), "main");
    }
    CliRun same =
        run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push");
    same.assertOk();
    assertThat(same.out())
        .startsWith(
            "up to date: branch "
                + BRANCH
                + " already has this bundle; main moved on without touching it, so the branch is"
                + " not rebuilt\n");
    assertThat(serverTip(BRANCH)).isEqualTo(first);
    // a new bundle is a commit on top: a fast-forward, never a force-push
    CliRun changed =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=2048",
            "--push");
    changed.assertOk();
    assertThat(changed.out()).startsWith("updated branch " + BRANCH + " and pushed it to " + url);
    RevCommit c = serverCommit(BRANCH);
    assertThat(c.getParent(0)).isEqualTo(first);
    assertThat(serverFile(BRANCH, CONFIG)).contains("podPidsLimit: 2048");
  }

  @Test
  void aBaseThatChangedTheBundleRebuildsTheBranchKeepingOthersChanges() throws Exception {
    run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push")
        .assertOk();
    try (Git git = cloneOf("carol", BRANCH)) {
      Files.writeString(tmp.resolve("carol/clusters/prod.yaml"), "nodes: 5\n");
      commitAndPush(
          git, "Scale prod\n\n" + GENERATED, new PersonIdent("Carol", "carol@example.com"), BRANCH);
    }
    try (Git git = cloneOf("bob", "main")) {
      Path config = tmp.resolve("bob/" + CONFIG);
      Files.createDirectories(config.getParent());
      Files.writeString(config, "edited on main\n");
      commitAndPush(git, "Hand edit", new PersonIdent("Bob", "bob@example.com"), "main");
    }
    CliRun r =
        run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push");
    r.assertOk();
    assertThat(r.out())
        .startsWith(
            "rebuilt branch "
                + BRANCH
                + " on main (main changed the bundle's files) and pushed it to "
                + url
                + "\nkept what others changed on the branch outside kubeharden/baseline:"
                + " clusters/prod.yaml\n");
    RevCommit c = serverCommit(BRANCH);
    assertThat(c.getParent(0)).isEqualTo(serverTip("main"));
    assertThat(serverFile(BRANCH, CONFIG)).contains("readOnlyPort: 0");
    assertThat(serverFile(BRANCH, "clusters/prod.yaml")).isEqualTo("nodes: 5\n");
  }

  @Test
  void wrongPasswordFailsWithOneLineNamingTheRemote() throws Exception {
    CliRun r =
        run(
            "pr",
            "--repo",
            server.url("infra.git", USER, "wrong-pw"),
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--push");
    String line = r.failure();
    assertThat(line)
        .startsWith("kubeharden: cannot fetch from " + url + ": ")
        .doesNotContain("wrong-pw");
    assertThat(r.out()).isEmpty();
    assertThat(serverTip(BRANCH)).isNull();
  }

  @Test
  void someoneElsesCommitOnTheBranchIsNeverOverwritten() throws Exception {
    run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push")
        .assertOk();
    RevCommit theirs;
    try (Git git = cloneOf("mallory", BRANCH)) {
      Files.writeString(tmp.resolve("mallory/" + CONFIG), "edited by hand\n");
      theirs =
          commitAndPush(git, "Tune by hand", new PersonIdent("Mallory", "m@example.com"), BRANCH);
    }
    CliRun r =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=2048",
            "--push");
    assertThat(r.failure())
        .isEqualTo(
            "kubeharden: refusing to update branch "
                + BRANCH
                + " on "
                + url
                + ": it has commits kubeharden did not"
                + " make ("
                + theirs.abbreviate(7).name()
                + " by Mallory: \"Tune by hand\"); merge or close its pull"
                + " request, or delete the branch, then run again");
    assertThat(serverTip(BRANCH)).isEqualTo(theirs);
  }

  @Test
  void aTeammatesChangeOutsideThePathIsKeptByEveryUpdate() throws Exception {
    run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push")
        .assertOk();
    PersonIdent carol = new PersonIdent("Carol", "carol@example.com");
    try (Git git = cloneOf("carol", BRANCH)) {
      Files.writeString(tmp.resolve("carol/clusters/prod.yaml"), "nodes: 5\n");
      commitAndPush(git, "Scale prod with the hardening\n\n" + GENERATED, carol, BRANCH);
    }
    CliRun update =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=2048",
            "--push");
    update.assertOk();
    assertThat(serverFile(BRANCH, CONFIG)).contains("podPidsLimit: 2048");
    assertThat(serverFile(BRANCH, "clusters/prod.yaml")).isEqualTo("nodes: 5\n");

    try (Git git = cloneOf("bob", "main")) {
      Files.writeString(tmp.resolve("bob/clusters/staging.yaml"), "nodes: 1\n");
      commitAndPush(git, "Add staging", new PersonIdent("Bob", "bob@example.com"), "main");
    }
    run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=4096",
            "--push")
        .assertOk();
    assertThat(serverFile(BRANCH, CONFIG)).contains("podPidsLimit: 4096");
    assertThat(serverFile(BRANCH, "clusters/prod.yaml")).isEqualTo("nodes: 5\n");
    // main moved on without touching the bundle: a commit on top, not a rebuild
    assertThat(serverFile(BRANCH, "clusters/staging.yaml")).isNull();
  }

  @Test
  void anAmendedCommitOutsideThePathIsKept() throws Exception {
    run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push")
        .assertOk();
    try (Git git = cloneOf("carol", BRANCH)) {
      Files.writeString(tmp.resolve("carol/README.md"), "# infra, hardened\n");
      git.add().addFilepattern(".").call();
      PersonIdent carol = new PersonIdent("Carol", "carol@example.com");
      String message = git.log().setMaxCount(1).call().iterator().next().getFullMessage();
      git.commit().setAmend(true).setMessage(message).setAuthor(carol).setCommitter(carol).call();
      git.push()
          .setCredentialsProvider(CREDS)
          .setForce(true)
          .setRefSpecs(new RefSpec("HEAD:refs/heads/" + BRANCH))
          .call();
    }
    run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=2048",
            "--push")
        .assertOk();
    assertThat(serverFile(BRANCH, CONFIG)).contains("podPidsLimit: 2048");
    assertThat(serverFile(BRANCH, "README.md")).isEqualTo("# infra, hardened\n");
  }

  @Test
  void aTeammatesChangeThatTheBaseAlsoChangedIsRefusedNamingCommitAndFiles() throws Exception {
    run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push")
        .assertOk();
    RevCommit theirs;
    try (Git git = cloneOf("carol", BRANCH)) {
      Files.writeString(tmp.resolve("carol/clusters/prod.yaml"), "nodes: 5\n");
      theirs =
          commitAndPush(
              git,
              "Scale prod\n\n" + GENERATED,
              new PersonIdent("Carol", "carol@example.com"),
              BRANCH);
    }
    try (Git git = cloneOf("bob", "main")) {
      Files.writeString(tmp.resolve("bob/clusters/prod.yaml"), "nodes: 7\n");
      Path config = tmp.resolve("bob/" + CONFIG);
      Files.createDirectories(config.getParent());
      Files.writeString(config, "edited on main\n");
      commitAndPush(git, "Scale prod on main", new PersonIdent("Bob", "bob@example.com"), "main");
    }
    ObjectId before = serverTip(BRANCH);
    CliRun r =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=2048",
            "--push");
    assertThat(r.failure())
        .isEqualTo(
            "kubeharden: refusing to rebuild branch "
                + BRANCH
                + " on main: it has changes outside kubeharden/baseline that main also changed"
                + " (clusters/prod.yaml in "
                + theirs.abbreviate(7).name()
                + " by Carol: \"Scale prod\"); kubeharden would drop them. Resolve them on the"
                + " branch in a commit that keeps the trailer Generated-by: kubeharden, or close its"
                + " pull request and delete the branch, then run again");
    assertThat(serverTip(BRANCH)).isEqualTo(before);
  }

  @Test
  void aRemoteThatRedirectsToAnotherOriginNeverGetsTheCredentials() throws Exception {
    server.requests.clear();
    try (RedirectingServer moved =
        new RedirectingServer("http://127.0.0.1:" + server.port(), 302)) {
      String named = moved.url() + "/git/infra.git";
      String refusal =
          "kubeharden: cannot fetch from "
              + named
              + ": it redirected to "
              + url
              + "/info/refs, another origin; kubeharden sends credentials only to "
              + moved.url()
              + ", the origin named (use the URL it redirects to if that is right)";
      CliRun token =
          run(
              Map.of("GIT_TOKEN", PASSWORD),
              "pr",
              "--repo",
              named,
              "--profile",
              "baseline",
              "--push",
              "--token-env",
              "GIT_TOKEN",
              "--allow-insecure-http");
      assertThat(token.failure()).isEqualTo(refusal);
      CliRun inUrl =
          run(
              "pr",
              "--repo",
              moved.url().replace("://", "://" + USER + ":" + PASSWORD + "@") + "/git/infra.git",
              "--profile",
              "baseline",
              "--push",
              "--allow-insecure-http");
      assertThat(inUrl.failure()).isEqualTo(refusal);
      assertThat(moved.requests).isNotEmpty();
    }
    assertThat(server.requests).as("requests the git server got").isEmpty();
    assertThat(serverTip(BRANCH)).isNull();
  }

  private static String exec(Path dir, String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", String.join(" ", argv), said).isZero();
    return said;
  }

  @Test
  void signedCommitsVerifyWithGitVerifyCommitAndJGit() throws Exception {
    Path keys = Files.createDirectories(tmp.resolve("signing"));
    Path key = keys.resolve("id_ed25519");
    exec(keys, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bot", "-f", key.toString());
    CliRun r =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--push",
            "--sign",
            key.toString());
    r.assertOk();
    RevCommit c = serverCommit(BRANCH);
    assertThat(new String(c.getRawGpgSignature(), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN SSH SIGNATURE-----");
    Path allowed = keys.resolve("allowed_signers");
    Files.writeString(
        allowed, "kubeharden@localhost " + Files.readString(Path.of(key + ".pub")).strip() + "\n");
    String said =
        exec(
            tmp,
            "git",
            "--git-dir=" + server.dir("infra.git"),
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowed,
            "verify-commit",
            "-v",
            c.name());
    assertThat(said).contains("Good \"git\" signature for kubeharden@localhost with ED25519 key");
    try (Repository repo = serverRepo()) {
      var config = new org.eclipse.jgit.lib.Config();
      config.setString("gpg", null, "format", "ssh");
      config.setString("gpg", "ssh", "allowedSignersFile", allowed.toString());
      var v =
          org.eclipse.jgit.lib.SignatureVerifiers.verify(
              repo, new org.eclipse.jgit.lib.GpgConfig(config), c);
      assertThat(v.verified()).as("JGit's verification: %s", v.message()).isTrue();
    }
    // another key's signature does not verify: the check can fail
    Path other = keys.resolve("other");
    exec(keys, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "x", "-f", other.toString());
    Files.writeString(
        allowed,
        "kubeharden@localhost " + Files.readString(Path.of(other + ".pub")).strip() + "\n");
    Process bad =
        new ProcessBuilder(
                "git",
                "--git-dir=" + server.dir("infra.git"),
                "-c",
                "gpg.ssh.allowedSignersFile=" + allowed,
                "verify-commit",
                c.name())
            .redirectErrorStream(true)
            .start();
    bad.getInputStream().readAllBytes();
    assertThat(bad.waitFor()).isNotZero();
  }

  @Test
  void rollbackIsARevertThatRestoresThePreviousBundle() throws Exception {
    String[] v1 = {"pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline"};
    run(concat(v1, "--push")).assertOk();
    mergeIntoMain(BRANCH);
    String before = serverFile("main", CONFIG);
    run(concat(v1, "--set", "podPidsLimit=2048", "--push")).assertOk();
    RevCommit v2 = mergeIntoMain(BRANCH);
    assertThat(serverFile("main", CONFIG)).contains("podPidsLimit: 2048");
    try (Git git = cloneOf("ops", "main")) {
      git.revert().include(v2).call();
      git.push()
          .setCredentialsProvider(CREDS)
          .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
          .call();
    }
    assertThat(serverFile("main", CONFIG)).isEqualTo(before);
    CliRun previous = run(v1);
    previous.assertOk();
    assertThat(previous.out())
        .isEqualTo(
            "up to date: main already has this bundle under kubeharden/baseline; nothing to"
                + " propose\n");
  }

  /** Fast-forwards main to the branch, as merging its pull request does; returns the commit. */
  private RevCommit mergeIntoMain(String branch) throws IOException {
    try (Repository r = serverRepo()) {
      var u = r.updateRef(Constants.R_HEADS + "main");
      u.setNewObjectId(r.resolve(Constants.R_HEADS + branch));
      u.update();
    }
    return serverCommit("main");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aPushTheServerRejectsIsReportedWithItsReason() throws Exception {
    server.onPreReceive(
        (rp, commands) -> {
          for (ReceiveCommand c : commands) {
            c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "branch is protected");
          }
        });
    CliRun r =
        run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push");
    assertThat(r.failure())
        .isEqualTo(
            "kubeharden: push of " + BRANCH + " to " + url + " rejected: branch is protected");
    assertThat(serverTip(BRANCH)).isNull();
  }

  @Test
  void missingBaseAndUnreachableRemoteFailWithOneLine() throws Exception {
    assertThat(
            run(
                    "pr",
                    "--repo",
                    authUrl,
                    "--allow-insecure-http",
                    "--profile",
                    "baseline",
                    "--base",
                    "release-9",
                    "--push")
                .failure())
        .isEqualTo("kubeharden: base branch release-9 not found on " + url);
    String closed = "http://" + USER + ":" + PASSWORD + "@127.0.0.1:1/git/infra.git";
    assertThat(
            run("pr", "--repo", closed, "--profile", "baseline", "--push", "--allow-insecure-http")
                .failure())
        .startsWith("kubeharden: cannot fetch from http://127.0.0.1:1/git/infra.git: ");
  }

  @Test
  void refusesToCommitToTheBaseBranch() {
    assertThat(
            run(
                    "pr",
                    "--repo",
                    authUrl,
                    "--allow-insecure-http",
                    "--profile",
                    "baseline",
                    "--branch",
                    "main",
                    "--push")
                .failure())
        .isEqualTo(
            "kubeharden: refusing to commit to main: it is the base or default branch of "
                + url
                + "; pass another --branch");
  }

  @Test
  void dryRunPrintsTheDiffAndTouchesNothing() throws Exception {
    CliRun r =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--push",
            "--dry-run");
    r.assertOk();
    assertThat(r.out())
        .contains("+ standalone/var/lib/kubelet/config.yaml\n")
        .contains("--- /dev/null\n+++ b/standalone/var/lib/kubelet/config.yaml\n")
        .endsWith(
            "would create branch "
                + BRANCH
                + " from main and push it\n"
                + "dry run: nothing was changed\n");
    assertThat(serverTip(BRANCH)).isNull();
  }

  @Test
  void localCloneIsNeverDisturbed() throws Exception {
    Path clone = tmp.resolve("user");
    try (Git git =
        Git.cloneRepository()
            .setURI("http://" + USER + "@127.0.0.1:" + server.port() + "/git/infra.git")
            .setDirectory(clone.toFile())
            .setCredentialsProvider(CREDS)
            .call()) {
      Files.writeString(clone.resolve("README.md"), "# infra, edited\n");
      Files.writeString(clone.resolve("staged.txt"), "staged\n");
      git.add().addFilepattern("staged.txt").call();
      Files.writeString(clone.resolve("untracked.txt"), "untracked\n");
      Files.createDirectories(clone.resolve("kubeharden/baseline"));
      Files.writeString(clone.resolve("kubeharden/baseline/mine.txt"), "not kubeharden's\n");
    }
    Map<String, String> before = snapshot(clone);
    String statusBefore = status(clone);

    CliRun r =
        run(
            Map.of("GIT_TOKEN", PASSWORD),
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--push",
            "--token-env",
            "GIT_TOKEN",
            "--allow-insecure-http");
    r.assertOk();
    assertThat(r.out())
        .startsWith("created branch " + BRANCH + " from main and pushed it to " + url + "\n");
    assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
    assertThat(snapshot(clone)).isEqualTo(before);
    assertThat(status(clone)).isEqualTo(statusBefore);
    try (Git git = Git.open(clone.toFile())) {
      assertThat(git.getRepository().getFullBranch()).isEqualTo("refs/heads/main");
      assertThat(git.getRepository().resolve(Constants.R_HEADS + BRANCH))
          .isEqualTo(serverTip(BRANCH));
    }
    CliRun again =
        run(
            Map.of("GIT_TOKEN", PASSWORD),
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--push",
            "--token-env",
            "GIT_TOKEN",
            "--allow-insecure-http");
    again.assertOk();
    assertThat(again.out()).startsWith("up to date: ");
    assertThat(snapshot(clone)).isEqualTo(before);
  }

  @Test
  void aCheckedOutBranchIsNeverChanged() throws Exception {
    Path clone = tmp.resolve("user");
    try (Git git = cloneOf("user", "main")) {
      git.checkout().setCreateBranch(true).setName(BRANCH).call();
    }
    Map<String, String> before = snapshot(clone);
    assertThat(run("pr", "--repo", clone.toString(), "--profile", "baseline").failure())
        .startsWith("kubeharden: branch " + BRANCH + " is checked out in " + clone);
    assertThat(snapshot(clone)).isEqualTo(before);
  }

  /**
   * HEAD, the index and every working-tree file, byte for byte (refs of remotes and objects may
   * change).
   */
  private static Map<String, String> snapshot(Path clone) throws IOException {
    Map<String, String> files = new TreeMap<>();
    files.put(".git/HEAD", Files.readString(clone.resolve(".git/HEAD")));
    files.put(
        ".git/index",
        java.util.HexFormat.of().formatHex(Files.readAllBytes(clone.resolve(".git/index"))));
    // The walk never enters .git: JGit's automatic gc after a fetch may still be creating and
    // removing its lock files there (a vanishing .git/gc.log.lock made Files.walk throw).
    Files.walkFileTree(
        clone,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(
              Path d, java.nio.file.attribute.BasicFileAttributes a) {
            return !d.equals(clone) && clone.relativize(d).toString().startsWith(".git")
                ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                : java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path p, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
            String rel = clone.relativize(p).toString();
            if (Files.isRegularFile(p) && !rel.startsWith(".git")) {
              files.put(rel, Files.readString(p));
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
    return files;
  }

  private static String status(Path clone) throws Exception {
    try (Git git = Git.open(clone.toFile())) {
      Status s = git.status().call();
      return "added="
          + new TreeMap<>(Map.of("x", s.getAdded()))
          + " changed="
          + s.getChanged()
          + " modified="
          + s.getModified()
          + " untracked="
          + new java.util.TreeSet<>(s.getUntracked())
          + " missing="
          + s.getMissing()
          + " removed="
          + s.getRemoved()
          + " head="
          + git.getRepository().resolve(Constants.HEAD).name();
    }
  }

  @Test
  void opensThePullRequestOnceAndAReRunChangesNothing() throws Exception {
    String token = "ghp-fake-0123456789";
    try (FakeGitHub github = new FakeGitHub("alice/infra", token)) {
      String[] args = {
        "pr",
        "--repo",
        authUrl,
        "--allow-insecure-http",
        "--profile",
        "baseline",
        "--push",
        "--forge",
        "github",
        "--forge-url",
        github.url(),
        "--forge-project",
        "alice/infra",
        "--token-env",
        "GH_TOKEN",
        "--label",
        "security",
        "--draft"
      };
      CliRun first = run(Map.of("GH_TOKEN", token), args);
      first.assertOk();
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
                  + serverTip(BRANCH).name()
                  + "\n"
                  + "pull request: https://github.example/alice/pull/1 (opened)\n");
      assertThat(github.pulls).hasSize(1);
      var pr = github.pulls.get(0);
      assertThat(pr.path("title").asText())
          .isEqualTo("Harden nodes with baseline for Kubernetes 1.36");
      assertThat(pr.path("head").path("ref").asText()).isEqualTo(BRANCH);
      assertThat(pr.path("base").path("ref").asText()).isEqualTo("main");
      assertThat(pr.path("draft").asBoolean()).isTrue();
      assertThat(pr.path("body").asText())
          .contains("## What changed")
          .contains("- added `kubeharden/baseline/standalone/var/lib/kubelet/config.yaml`")
          .contains("# kubeharden report");
      assertThat(github.requests.get(0).rawPathAndQuery())
          .contains("head=alice%3Akubeharden%2Fbaseline");

      int writes = github.writes().size();
      CliRun again = run(Map.of("GH_TOKEN", token), args);
      again.assertOk();
      assertThat(again.out())
          .startsWith("up to date: ")
          .endsWith("pull request: https://github.example/alice/pull/1 (unchanged)\n");
      assertThat(github.writes()).hasSize(writes);
      assertThat(first.out() + first.err() + again.out() + again.err()).doesNotContain(token);
    }
  }

  @Test
  void aForgeFailureIsOneLineAndTheReRunOpensThePullRequest() throws Exception {
    String token = "ghp-fake-0123456789";
    try (FakeGitHub github = new FakeGitHub("alice/infra", token)) {
      String[] args = {
        "pr",
        "--repo",
        authUrl,
        "--allow-insecure-http",
        "--profile",
        "baseline",
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
      CliRun bad = run(Map.of("GH_TOKEN", "ghp-wrong-token"), args);
      assertThat(bad.failure())
          .isEqualTo(
              "kubeharden: GitHub API GET "
                  + github.url()
                  + "/repos/alice/infra/pulls: HTTP 401 Unauthorized (check"
                  + " the token): Bad credentials");
      assertThat(bad.err()).doesNotContain("ghp-wrong-token");
      CliRun good = run(Map.of("GH_TOKEN", token), args);
      good.assertOk();
      assertThat(good.out()).startsWith("up to date: ").endsWith("(opened)\n");
    }
  }

  private static String[] withGitHub(FakeGitHub github, String... extra) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "pr",
                "--profile",
                "baseline",
                "--push",
                "--allow-insecure-http",
                "--forge",
                "github",
                "--forge-url",
                github.url(),
                "--forge-project",
                "alice/infra",
                "--token-env",
                "GH_TOKEN"));
    args.addAll(java.util.List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void aGitServerThatNeverFinishesIsCutOffByTheTimeout() throws Exception {
    server.trickle = true;
    long start = System.nanoTime();
    CliRun r =
        run(
            "pr",
            "--repo",
            authUrl,
            "--allow-insecure-http",
            "--profile",
            "baseline",
            "--push",
            "--timeout",
            "2");
    assertThat(r.failure())
        .isEqualTo("kubeharden: cannot fetch from " + url + ": timed out after 2s");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(java.time.Duration.ofSeconds(30));
    server.trickle = false;
    assertThat(serverTip(BRANCH)).isNull();
  }

  @Test
  void reviewersComeFromCodeownersAndTheOptionAndAreAskedOnce() throws Exception {
    try (Git git = cloneOf("bob", "main")) {
      Files.createDirectories(tmp.resolve("bob/.github"));
      Files.writeString(
          tmp.resolve("bob/.github/CODEOWNERS"),
          "# owners\n* @acme/platform\n/kubeharden/ @alice @acme/security\n/clusters/ @bob\n");
      commitAndPush(git, "Owners", new PersonIdent("Bob", "bob@example.com"), "main");
    }
    String token = "ghp-fake-0123456789";
    try (FakeGitHub github = new FakeGitHub("alice/infra", token)) {
      CliRun first =
          run(
              Map.of("GH_TOKEN", token),
              withGitHub(github, "--repo", authUrl, "--reviewer", "carol"));
      first.assertOk();
      var pr = github.pulls.get(0);
      assertThat(pr.path("requested_reviewers").findValuesAsText("login"))
          .containsExactly("carol", "alice");
      assertThat(pr.path("requested_teams").findValuesAsText("slug")).containsExactly("security");
      CliRun update =
          run(
              Map.of("GH_TOKEN", token),
              withGitHub(
                  github, "--repo", authUrl, "--reviewer", "carol", "--set", "podPidsLimit=2048"));
      update.assertOk();
      assertThat(update.out())
          .endsWith("pull request: https://github.example/alice/pull/1 (updated)\n");
      assertThat(github.writes())
          .filteredOn(r -> r.rawPathAndQuery().endsWith("/requested_reviewers"))
          .hasSize(1);
    }
  }

  @Test
  void aPullRequestClosedWithoutMergingIsNotReopenedUntilTheBundleChanges() throws Exception {
    String token = "ghp-fake-0123456789";
    try (FakeGitHub github = new FakeGitHub("alice/infra", token)) {
      Map<String, String> env = Map.of("GH_TOKEN", token);
      run(env, withGitHub(github, "--repo", authUrl)).assertOk();
      github.pulls.get(0).put("state", "closed");
      try (Repository r = serverRepo()) {
        var u = r.updateRef(Constants.R_HEADS + BRANCH);
        u.setForceUpdate(true);
        u.delete();
      }
      CliRun again = run(env, withGitHub(github, "--repo", authUrl));
      again.assertOk();
      assertThat(again.out())
          .endsWith(
              "pull request: https://github.example/alice/pull/1 (closed without merging; not"
                  + " reopened: the bundle has not changed since)\n");
      assertThat(github.pulls).hasSize(1);
      CliRun changed =
          run(env, withGitHub(github, "--repo", authUrl, "--set", "podPidsLimit=2048"));
      changed.assertOk();
      assertThat(changed.out())
          .endsWith("pull request: https://github.example/alice/pull/2 (opened)\n");
    }
  }

  @Test
  void aForgeThatStallsMidAnswerIsCutOffByTheTimeout() throws Exception {
    String token = "ghp-fake-0123456789";
    try (FakeGitHub github = new FakeGitHub("alice/infra", token)) {
      github.stallAfterHeaders = true;
      long start = System.nanoTime();
      CliRun r =
          run(Map.of("GH_TOKEN", token), withGitHub(github, "--repo", authUrl, "--timeout", "2"));
      assertThat(r.failure())
          .isEqualTo(
              "kubeharden: GitHub API GET "
                  + github.url()
                  + "/repos/alice/infra/pulls: timed out after 2s");
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(java.time.Duration.ofSeconds(30));
    }
  }

  @Test
  void aForgeAnswerOfTheWrongShapeIsRefusedAndNoPullRequestIsWritten() throws Exception {
    String token = "ghp-fake-0123456789";
    try (FakeGitHub github = new FakeGitHub("alice/infra", token)) {
      github.failStatus = 200;
      github.failBody = "[{\"head\":{\"ref\":\"kubeharden/baseline\"},\"title\":\"x\"}]";
      CliRun r = run(Map.of("GH_TOKEN", token), withGitHub(github, "--repo", authUrl));
      assertThat(r.failure())
          .isEqualTo(
              "kubeharden: GitHub API GET "
                  + github.url()
                  + "/repos/alice/infra/pulls: HTTP 200 but the answer is not a pull request: no"
                  + " positive integer \"number\"");
      assertThat(r.out()).doesNotContain("pull request:");
      assertThat(github.writes()).isEmpty();
    }
  }

  @Test
  void aPushThatRacedSomeoneElsesIsRejectedByItsLease() throws Exception {
    ObjectId[] theirs = new ObjectId[1];
    server.beforeNextPush(
        () -> {
          try (Repository r = serverRepo();
              var ins = r.newObjectInserter();
              RevWalk rw = new RevWalk(r)) {
            RevCommit main = rw.parseCommit(r.resolve("refs/heads/main"));
            var cb = new org.eclipse.jgit.lib.CommitBuilder();
            cb.setTreeId(main.getTree());
            cb.setParentId(main);
            PersonIdent m = new PersonIdent("Mallory", "m@example.com");
            cb.setAuthor(m);
            cb.setCommitter(m);
            cb.setMessage("Racing push\n");
            theirs[0] = ins.insert(cb);
            ins.flush();
            var u = r.updateRef(Constants.R_HEADS + BRANCH);
            u.setNewObjectId(theirs[0]);
            u.update();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    CliRun r =
        run("pr", "--repo", authUrl, "--allow-insecure-http", "--profile", "baseline", "--push");
    assertThat(r.failure())
        .isEqualTo(
            "kubeharden: push to "
                + url
                + " rejected: branch "
                + BRANCH
                + " changed on the remote since kubeharden"
                + " fetched it (someone else pushed to it); nothing was changed, run again to re-check");
    assertThat(serverTip(BRANCH)).isEqualTo(theirs[0]);
  }

  @Test
  void aBranchDeletedOnTheRemoteIsCreatedAgainFromALocalClone() throws Exception {
    Path clone = tmp.resolve("user");
    Git.cloneRepository()
        .setURI("http://" + USER + "@127.0.0.1:" + server.port() + "/git/infra.git")
        .setDirectory(clone.toFile())
        .setCredentialsProvider(CREDS)
        .call()
        .close();
    Map<String, String> env = Map.of("GIT_TOKEN", PASSWORD);
    run(
            env,
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--push",
            "--token-env",
            "GIT_TOKEN",
            "--allow-insecure-http")
        .assertOk();
    try (Repository r = serverRepo()) {
      var u = r.updateRef(Constants.R_HEADS + BRANCH);
      u.setForceUpdate(true);
      u.delete();
    }
    CliRun again =
        run(
            env,
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--push",
            "--token-env",
            "GIT_TOKEN",
            "--allow-insecure-http");
    again.assertOk();
    assertThat(again.out())
        .startsWith(
            "up to date: branch " + BRANCH + " already has this bundle on main; pushed it to ");
    assertThat(serverTip(BRANCH)).isNotNull();
  }

  /** A clone made by {@code git init} and {@code git remote add}: no refs/remotes/origin/HEAD. */
  private Path initAndRemoteAdd(boolean fetch) throws Exception {
    Path clone = tmp.resolve("inited");
    try (Git git = Git.init().setInitialBranch("work").setDirectory(clone.toFile()).call()) {
      var config = git.getRepository().getConfig();
      config.setString(
          "remote",
          "origin",
          "url",
          "http://" + USER + "@127.0.0.1:" + server.port() + "/git/infra.git");
      config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
      config.save();
      Files.writeString(clone.resolve("notes.txt"), "mine\n");
      git.add().addFilepattern("notes.txt").call();
      if (fetch) {
        git.fetch().setRemote("origin").setCredentialsProvider(CREDS).call();
      }
      assertThat(git.getRepository().exactRef("refs/remotes/origin/HEAD")).isNull();
    }
    return clone;
  }

  /** The server's HEAD names {@code trunk}, a branch beside main, so a guess of main would show. */
  private void serverDefaultBranch(String branch) throws IOException {
    try (Repository r = serverRepo()) {
      var u = r.updateRef(Constants.R_HEADS + branch);
      u.setNewObjectId(r.resolve("refs/heads/main"));
      u.update();
      r.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
    }
  }

  @Test
  void dryRunOnAnInitAndRemoteAddCloneTakesTheBaseFromTheRemotesHead() throws Exception {
    serverDefaultBranch("trunk");
    Path clone = initAndRemoteAdd(true);
    Map<String, String> before = snapshot(clone);
    CliRun r =
        run(
            Map.of("GIT_TOKEN", PASSWORD),
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--token-env",
            "GIT_TOKEN",
            "--allow-insecure-http",
            "--dry-run");
    r.assertOk();
    assertThat(r.out())
        .contains("+ standalone/var/lib/kubelet/config.yaml\n")
        .endsWith("would create branch " + BRANCH + " from trunk\ndry run: nothing was changed\n");
    assertThat(snapshot(clone)).isEqualTo(before);
    try (Git git = Git.open(clone.toFile())) {
      assertThat(git.getRepository().exactRef("refs/remotes/origin/HEAD")).isNull();
      assertThat(git.getRepository().resolve(Constants.R_HEADS + BRANCH)).isNull();
    }
  }

  @Test
  void dryRunOnAnInitAndRemoteAddCloneHonoursBase() throws Exception {
    serverDefaultBranch("trunk");
    Path clone = initAndRemoteAdd(true);
    CliRun r =
        run(
            Map.of("GIT_TOKEN", PASSWORD),
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--base",
            "main",
            "--token-env",
            "GIT_TOKEN",
            "--allow-insecure-http",
            "--dry-run");
    r.assertOk();
    assertThat(r.out())
        .endsWith("would create branch " + BRANCH + " from main\ndry run: nothing was changed\n");
  }

  @Test
  void dryRunOnACloneNeverFetchedSaysWhatToFetch() throws Exception {
    Path clone = initAndRemoteAdd(false);
    CliRun r =
        run(
            Map.of("GIT_TOKEN", PASSWORD),
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--token-env",
            "GIT_TOKEN",
            "--allow-insecure-http",
            "--dry-run");
    assertThat(r.failure())
        .isEqualTo(
            "kubeharden: base branch main of "
                + url
                + " has not been fetched into "
                + clone
                + " (no refs/remotes/origin/main; a dry run does not fetch): run git fetch origin");
  }

  @Test
  void dryRunWithoutAnAdvertisedHeadNamesTheRemote() throws Exception {
    Path clone = initAndRemoteAdd(true);
    try (Repository r = serverRepo()) {
      // HEAD names a branch that does not exist: the server advertises no HEAD at all
      r.updateRef(Constants.HEAD).link(Constants.R_HEADS + "gone");
    }
    CliRun r =
        run(
            Map.of("GIT_TOKEN", PASSWORD),
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--token-env",
            "GIT_TOKEN",
            "--allow-insecure-http",
            "--dry-run");
    assertThat(r.failure())
        .isEqualTo(
            "kubeharden: cannot tell the default branch of "
                + url
                + " (it advertises no HEAD; it may be empty); pass --base");
  }
}
