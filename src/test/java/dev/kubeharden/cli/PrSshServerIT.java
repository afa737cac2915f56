package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.GitSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeharden pr} in-process against a real SSH git server (Apache MINA sshd running JGit's
 * UploadPack and ReceivePack) on 127.0.0.1, with ed25519 keys. The home directory kubeharden sees
 * is a temporary one: the real ~/.ssh is never read.
 */
class PrSshServerIT {
  private static final String BRANCH = "kubeharden/baseline";

  @TempDir Path tmp;
  Path home;
  GitSshServer server;
  KeyPair userKey;
  Path keyFile;
  Path knownHosts;
  String url;

  @BeforeEach
  void start() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    Path root = Files.createDirectories(tmp.resolve("server"));
    Path bare = root.resolve("infra.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path seed = tmp.resolve("seed");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
      Files.writeString(seed.resolve("README.md"), "# infra\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("Initial commit").setAuthor(bob).setCommitter(bob).call();
      git.push()
          .setRemote(bare.toUri().toString())
          .setRefSpecs(new RefSpec("main:refs/heads/main"))
          .call();
    }
    userKey = GitSshServer.ed25519();
    keyFile = GitSshServer.writePrivateKey(userKey, tmp.resolve("keys/deploy_ed25519"), null);
    server = new GitSshServer(root, userKey.getPublic());
    knownHosts = tmp.resolve("keys/known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine() + "\n");
    url = server.url("infra.git");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  CliRun run(Map<String, String> env, String... args) {
    return CliRun.run(
        cl -> {
          PrCommand pr = (PrCommand) cl.getSubcommands().get("pr").getCommand();
          pr.env = env::get;
          pr.home = home;
        },
        args);
  }

  CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** pr --push over SSH with the test key and known_hosts, plus {@code more}. */
  CliRun push(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "pr",
                "--repo",
                url,
                "--profile",
                "baseline",
                "--push",
                "--ssh-key",
                keyFile.toString(),
                "--known-hosts",
                knownHosts.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private ObjectId serverTip(String branch) throws IOException {
    try (Repository r =
        RepositoryCache.FileKey.exact(tmp.resolve("server/infra.git").toFile(), FS.DETECTED)
            .open(true)) {
      return r.resolve(Constants.R_HEADS + branch);
    }
  }

  private RevCommit serverCommit(String branch) throws IOException {
    try (Repository r =
            RepositoryCache.FileKey.exact(tmp.resolve("server/infra.git").toFile(), FS.DETECTED)
                .open(true);
        RevWalk rw = new RevWalk(r)) {
      RevCommit c = rw.parseCommit(r.resolve(Constants.R_HEADS + branch));
      rw.parseBody(c);
      return c;
    }
  }

  @Test
  void firstPushWithAnEd25519KeyCreatesTheBranchAndARerunIsANoOp() throws Exception {
    CliRun first = push();
    first.assertOk();
    ObjectId tip = serverTip(BRANCH);
    assertThat(tip).isNotNull();
    String display = "ssh://127.0.0.1:" + server.port() + "/infra.git";
    assertThat(first.out())
        .isEqualTo(
            "created branch "
                + BRANCH
                + " from main and pushed it to "
                + display
                + "\n"
                + "branch: "
                + BRANCH
                + "\n"
                + "commit: "
                + tip.name()
                + "\n");
    RevCommit c = serverCommit(BRANCH);
    assertThat(c.getParent(0)).isEqualTo(serverTip("main"));
    assertThat(c.getFullMessage()).endsWith("\n\nGenerated-by: kubeharden\n");

    CliRun again = push();
    again.assertOk();
    assertThat(again.out())
        .startsWith("up to date: branch " + BRANCH + " already has this bundle on main\n");
    assertThat(serverTip(BRANCH)).isEqualTo(tip);

    CliRun changed = push("--set", "podPidsLimit=2048");
    changed.assertOk();
    assertThat(changed.out())
        .startsWith("updated branch " + BRANCH + " and pushed it to " + display + "\n");
    assertThat(serverCommit(BRANCH).getParent(0)).isEqualTo(tip);
  }

  @Test
  void scpLikeUrlWithTheUsualIdentitiesAndConfigInHome() throws Exception {
    Path ssh = Files.createDirectories(home.resolve(".ssh"));
    GitSshServer.writePrivateKey(userKey, ssh.resolve("id_ed25519"), null);
    Files.writeString(ssh.resolve("known_hosts"), server.knownHostsLine() + "\n");
    Files.writeString(
        ssh.resolve("config"),
        "Host gitserver\n  HostName 127.0.0.1\n  Port " + server.port() + "\n  User git\n");
    CliRun r = run("pr", "--repo", "git@gitserver:infra.git", "--profile", "baseline", "--push");
    r.assertOk();
    assertThat(r.out())
        .startsWith(
            "created branch " + BRANCH + " from main and pushed it to git@gitserver:infra.git\n");
    assertThat(serverTip(BRANCH)).isNotNull();
  }

  @Test
  void aLocalCloneWithAnSshRemotePushesAndStaysOnItsBranch() throws Exception {
    Path clone = tmp.resolve("user");
    try (Git git =
        Git.cloneRepository()
            .setURI(tmp.resolve("server/infra.git").toUri().toString())
            .setDirectory(clone.toFile())
            .call()) {
      git.getRepository().getConfig().setString("remote", "origin", "url", url);
      git.getRepository().getConfig().save();
    }
    CliRun r =
        run(
            "pr",
            "--repo",
            clone.toString(),
            "--profile",
            "baseline",
            "--push",
            "--ssh-key",
            keyFile.toString(),
            "--known-hosts",
            knownHosts.toString());
    r.assertOk();
    assertThat(r.out())
        .startsWith("created branch " + BRANCH + " from main and pushed it to ssh://127.0.0.1:");
    try (Git git = Git.open(clone.toFile())) {
      assertThat(git.getRepository().getFullBranch()).isEqualTo("refs/heads/main");
      assertThat(git.getRepository().resolve(Constants.R_HEADS + BRANCH))
          .isEqualTo(serverTip(BRANCH));
    }
  }

  /**
   * A key made by OpenSSH's own ssh-keygen, as users have them, and a known_hosts hashed by {@code
   * ssh-keygen -H} (skipped where ssh-keygen is missing).
   */
  @Test
  void anEd25519KeyFromSshKeygen() throws Exception {
    Path key = tmp.resolve("keys/openssh_ed25519");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      Assumptions.abort("ssh-keygen is not installed");
      return;
    }
    assertThat(p.waitFor()).isZero();
    Process hash =
        new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(hash.waitFor()).isZero();
    assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");
    String line = Files.readString(Path.of(key + ".pub")).strip();
    server.authorize(
        AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)
            .resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
    CliRun r =
        run(
            "pr",
            "--repo",
            url,
            "--profile",
            "baseline",
            "--push",
            "--ssh-key",
            key.toString(),
            "--known-hosts",
            knownHosts.toString());
    r.assertOk();
    assertThat(serverTip(BRANCH)).isNotNull();
  }

  @Test
  void anEncryptedKeyNeedsItsPassphraseFromTheEnvironment() throws Exception {
    String passphrase = "correct horse battery";
    Path encrypted =
        GitSshServer.writePrivateKey(userKey, tmp.resolve("keys/encrypted_ed25519"), passphrase);
    String[] args = {
      "pr",
      "--repo",
      url,
      "--profile",
      "baseline",
      "--push",
      "--ssh-key",
      encrypted.toString(),
      "--known-hosts",
      knownHosts.toString(),
      "--ssh-key-passphrase-env",
      "KEY_PASS"
    };
    CliRun ok = run(Map.of("KEY_PASS", passphrase), args);
    ok.assertOk();
    assertThat(ok.out() + ok.err()).doesNotContain(passphrase);
    assertThat(serverTip(BRANCH)).isNotNull();

    CliRun wrong = run(Map.of("KEY_PASS", "not the passphrase"), args);
    String line = wrong.failure();
    assertThat(line)
        .isEqualTo(
            "kubeharden: cannot fetch from ssh://127.0.0.1:"
                + server.port()
                + "/infra.git: authentication as git@127.0.0.1:"
                + server.port()
                + " failed: the key "
                + encrypted
                + " could not be decrypted with the passphrase from"
                + " --ssh-key-passphrase-env");

    CliRun none =
        run(
            "pr",
            "--repo",
            url,
            "--profile",
            "baseline",
            "--set",
            "podPidsLimit=2048",
            "--push",
            "--ssh-key",
            encrypted.toString(),
            "--known-hosts",
            knownHosts.toString());
    assertThat(none.failure())
        .isEqualTo(
            "kubeharden: cannot fetch from ssh://127.0.0.1:"
                + server.port()
                + "/infra.git: authentication as git@127.0.0.1:"
                + server.port()
                + " failed: the key "
                + encrypted
                + " is encrypted; name the variable holding its passphrase with"
                + " --ssh-key-passphrase-env");
  }

  @Test
  void aWrongKeyFailsWithOneLineNamingTheRemote() throws Exception {
    server.authorize(GitSshServer.ed25519().getPublic());
    String line = push().failure();
    assertThat(line)
        .isEqualTo(
            "kubeharden: cannot fetch from ssh://127.0.0.1:"
                + server.port()
                + "/infra.git: authentication as git@127.0.0.1:"
                + server.port()
                + " failed: the server accepted none of the keys tried ("
                + keyFile
                + "); is the public key authorized"
                + " for this repository and user?");
    assertThat(serverTip(BRANCH)).isNull();
  }

  @Test
  void anUnknownHostKeyIsRefused() throws Exception {
    Files.writeString(knownHosts, "");
    String line = push().failure();
    assertThat(line)
        .isEqualTo(
            "kubeharden: cannot fetch from ssh://127.0.0.1:"
                + server.port()
                + "/infra.git: the host key of [127.0.0.1]:"
                + server.port()
                + " is not in "
                + knownHosts
                + "; refusing an unknown host (add its key there after checking its fingerprint)");
    assertThat(Files.readString(knownHosts)).isEmpty();
    assertThat(serverTip(BRANCH)).isNull();
  }

  @Test
  void aChangedHostKeyIsRefused() throws Exception {
    Files.writeString(
        knownHosts,
        "[127.0.0.1]:"
            + server.port()
            + " "
            + GitSshServer.publicKeyLine(GitSshServer.ed25519().getPublic())
            + "\n");
    String line = push().failure();
    assertThat(line)
        .contains("does not match " + knownHosts)
        .contains("refusing a changed host key");
    assertThat(serverTip(BRANCH)).isNull();
  }

  /** pr --push to {@code repo} with the test key and known_hosts, plus {@code more}. */
  CliRun pushTo(String repo, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "pr",
                "--repo",
                repo,
                "--profile",
                "baseline",
                "--push",
                "--ssh-key",
                keyFile.toString(),
                "--known-hosts",
                knownHosts.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  /** A port on 127.0.0.1 nothing listens on: bound, then closed. */
  private static int closedPort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aRefusedPortIsOneLineNamingUserHostAndPort() throws Exception {
    int port = closedPort();
    String line = pushTo("ssh://git@127.0.0.1:" + port + "/infra.git").failure();
    assertThat(line)
        .isEqualTo(
            "kubeharden: cannot fetch from ssh://127.0.0.1:"
                + port
                + "/infra.git: connection refused by git@127.0.0.1:"
                + port
                + " (is an SSH server listening there?)");
  }

  @Test
  void aHostThatDoesNotResolveIsOneLine() throws Exception {
    assertThat(pushTo("ssh://git@nonexistent.invalid/infra.git").failure())
        .isEqualTo(
            "kubeharden: cannot fetch from ssh://nonexistent.invalid/infra.git: cannot resolve"
                + " the host nonexistent.invalid of git@nonexistent.invalid:22");
    assertThat(pushTo("git@nonexistent.invalid:acme/infra.git").failure())
        .isEqualTo(
            "kubeharden: cannot fetch from git@nonexistent.invalid:acme/infra.git: cannot resolve"
                + " the host nonexistent.invalid of git@nonexistent.invalid:22");
  }

  @Test
  void aPasswordInTheUrlIsNeverPrinted() throws Exception {
    int port = closedPort();
    CliRun r = pushTo("ssh://git:hunter2@127.0.0.1:" + port + "/infra.git");
    assertThat(r.out() + r.err()).doesNotContain("hunter2");
    assertThat(r.code()).isNotZero();
  }

  @Test
  void aServerThatNeverAnswersIsCutOffByTheTimeout() throws Exception {
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = silent.getLocalPort();
      // accepts the connection and never speaks: no SSH identification string ever comes
      String line =
          pushTo("ssh://git@127.0.0.1:" + port + "/infra.git", "--timeout", "2").failure();
      assertThat(line)
          .isEqualTo(
              "kubeharden: cannot fetch from ssh://127.0.0.1:"
                  + port
                  + "/infra.git: no answer from git@127.0.0.1:"
                  + port
                  + " within 2s (--timeout)");
    }
  }
}
