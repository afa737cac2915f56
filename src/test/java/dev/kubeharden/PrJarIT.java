package dev.kubeharden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.GitHttpServer;
import dev.kubeharden.testing.GitSshServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar runs pr as a process: JGit is shaded in, the token comes from the real
 * environment.
 */
class PrJarIT {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  private Result run(Map<String, String> env, String... args) throws Exception {
    Path jar = Path.of(System.getProperty("kubeharden.jar"));
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    cmd.addAll(List.of(args));
    Path out = tmp.resolve(".out");
    Path err = tmp.resolve(".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubeharden did not finish within 120 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void pushesWithTheTokenFromTheEnvironmentAndPrintsNothingElse() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("server"));
    Git.init()
        .setBare(true)
        .setInitialBranch("main")
        .setDirectory(root.resolve("infra.git").toFile())
        .call()
        .close();
    var creds = new UsernamePasswordCredentialsProvider("alice", "pw-from-env-42");
    try (GitHttpServer server = new GitHttpServer(root, "alice", "pw-from-env-42")) {
      Path clone = tmp.resolve("clone");
      String userUrl = "http://alice@127.0.0.1:" + server.port() + "/git/infra.git";
      try (Git git =
          Git.cloneRepository()
              .setURI(userUrl)
              .setDirectory(clone.toFile())
              .setCredentialsProvider(creds)
              .call()) {
        Files.writeString(clone.resolve("README.md"), "# infra\n");
        git.add().addFilepattern(".").call();
        PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
        git.commit().setMessage("init").setAuthor(bob).setCommitter(bob).call();
        git.push()
            .setCredentialsProvider(creds)
            .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
            .call();
      }
      Map<String, String> env = Map.of("KH_GIT_TOKEN", "pw-from-env-42");
      String[] args = {
        "pr",
        "--repo",
        clone.toString(),
        "--profile",
        "baseline",
        "--push",
        "--token-env",
        "KH_GIT_TOKEN",
        "--allow-insecure-http"
      };
      Result first = run(env, args);
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out())
          .startsWith(
              "created branch kubeharden/baseline from main and pushed it to "
                  + server.url("infra.git")
                  + "\n");
      assertThat(first.err().lines())
          .allMatch(l -> l.startsWith("warning: ") || l.startsWith("note: "));
      Result again = run(env, args);
      assertThat(again.code()).isZero();
      assertThat(again.out()).startsWith("up to date: ");
      assertThat(first.out() + first.err() + again.out() + again.err())
          .doesNotContain("pw-from-env-42");

      Result unset = run(Map.of(), args);
      assertThat(unset.code()).isEqualTo(2);
      assertThat(unset.err())
          .startsWith("kubeharden: environment variable KH_GIT_TOKEN (--token-env) is not set\n");
    }
  }

  @Test
  void pushesOverSshWithAnEncryptedEd25519Key() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("server"));
    Path bare = root.resolve("infra.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path seed = tmp.resolve("seed");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
      Files.writeString(seed.resolve("README.md"), "# infra\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("init").setAuthor(bob).setCommitter(bob).call();
      git.push()
          .setRemote(bare.toUri().toString())
          .setRefSpecs(new RefSpec("main:refs/heads/main"))
          .call();
    }
    var key = GitSshServer.ed25519();
    Path keyFile =
        GitSshServer.writePrivateKey(key, tmp.resolve("keys/id_ed25519"), "key-pass-from-env");
    try (GitSshServer server = new GitSshServer(root, key.getPublic())) {
      Path knownHosts = tmp.resolve("keys/known_hosts");
      Files.writeString(knownHosts, server.knownHostsLine() + "\n");
      Map<String, String> env = Map.of("KH_KEY_PASS", "key-pass-from-env");
      String[] args = {
        "pr",
        "--repo",
        server.url("infra.git"),
        "--profile",
        "baseline",
        "--push",
        "--ssh-key",
        keyFile.toString(),
        "--known-hosts",
        knownHosts.toString(),
        "--ssh-key-passphrase-env",
        "KH_KEY_PASS"
      };
      Result first = run(env, args);
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out())
          .startsWith(
              "created branch kubeharden/baseline from main and pushed it to ssh://127.0.0.1:"
                  + server.port()
                  + "/infra.git\n");
      assertThat(first.err().lines())
          .allMatch(l -> l.startsWith("warning: ") || l.startsWith("note: "));
      Result again = run(env, args);
      assertThat(again.code()).isZero();
      assertThat(again.out()).startsWith("up to date: ");
      assertThat(first.out() + first.err() + again.out() + again.err())
          .doesNotContain("key-pass-from-env");
    }
  }

  @Test
  void withoutGitOnPathAPushToALocalRepositorySaysItsHooksDidNotRun() throws Exception {
    Path bare = tmp.resolve("shared.git");
    Path seed = tmp.resolve("seed");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
      Files.writeString(seed.resolve("README.md"), "# infra\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("Initial commit").setAuthor(bob).setCommitter(bob).call();
    }
    Git.cloneRepository()
        .setBare(true)
        .setURI(seed.toUri().toString())
        .setDirectory(bare.toFile())
        .call()
        .close();
    Path empty = Files.createDirectories(tmp.resolve("no-git"));
    Result r =
        run(
            Map.of("PATH", empty.toString()),
            "pr",
            "--repo",
            bare.toUri().toString(),
            "--profile",
            "baseline",
            "--push");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .contains(
            "warning: git was not found on PATH: pushed to "
                + bare.toUri()
                + " through JGit's local transport, which runs none of its hooks (pre-receive,"
                + " update, post-receive)\n");
  }

  /** Runs a tool (gpg, git) with GNUPGHOME; its exit code and output. */
  private static Result tool(Path gnupgHome, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("GNUPGHOME", gnupgHome.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
    }
    return new Result(p.exitValue(), out, "");
  }

  /**
   * A GnuPG home with one unprotected signing key ({@code algo}: rsa3072, ed25519) for {@code uid}.
   */
  private Path gnupgHome(String name, String uid, String algo) throws Exception {
    Path home = Files.createDirectories(tmp.resolve(name));
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Result made =
        tool(
            home,
            "gpg",
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--quick-gen-key",
            uid,
            algo,
            "sign",
            "never");
    assertThat(made.code()).as(made.out()).isZero();
    return home;
  }

  private static boolean hasGpg() {
    try {
      return new ProcessBuilder("gpg", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void signsWithAnOpenPgpKeyOfTheGnupgHomeAndGitVerifiesIt() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(hasGpg(), "gpg is not installed");
    Path bare = tmp.resolve("infra.git");
    Path seed = tmp.resolve("seed");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
      Files.writeString(seed.resolve("README.md"), "# infra\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("Initial commit").setAuthor(bob).setCommitter(bob).call();
    }
    Git.cloneRepository()
        .setBare(true)
        .setURI(seed.toUri().toString())
        .setDirectory(bare.toFile())
        .call()
        .close();
    Path mine = gnupgHome("gnupg", "kubeharden <kubeharden@localhost>", "rsa3072");
    Path other = gnupgHome("gnupg-other", "someone <someone@example.com>", "rsa3072");
    try {
      Result r =
          run(
              Map.of("GNUPGHOME", mine.toString()),
              "pr",
              "--repo",
              bare.toUri().toString(),
              "--profile",
              "baseline",
              "--push",
              "--sign",
              "kubeharden@localhost",
              "--sign-format",
              "openpgp");
      assertThat(r.code()).as(r.err()).isZero();
      String git = "--git-dir=" + bare;
      Result raw = tool(mine, "git", git, "cat-file", "commit", "kubeharden/baseline");
      assertThat(raw.out()).contains("gpgsig -----BEGIN PGP SIGNATURE-----");
      Result good = tool(mine, "git", git, "verify-commit", "-v", "kubeharden/baseline");
      assertThat(good.code()).as(good.out()).isZero();
      assertThat(good.out()).contains("Good signature from \"kubeharden <kubeharden@localhost>\"");
      // a keyring without the signer's key cannot verify it: the check can fail
      Result unknown = tool(other, "git", git, "verify-commit", "kubeharden/baseline");
      assertThat(unknown.code()).as(unknown.out()).isNotZero();

      Result missing =
          run(
              Map.of("GNUPGHOME", other.toString()),
              "pr",
              "--repo",
              bare.toUri().toString(),
              "--profile",
              "baseline",
              "--set",
              "podPidsLimit=2048",
              "--push",
              "--sign",
              "kubeharden@localhost",
              "--sign-format",
              "openpgp");
      assertThat(missing.code()).isEqualTo(1);
      assertThat(missing.err().lines().filter(l -> l.startsWith("kubeharden: ")))
          .singleElement()
          .asString()
          .startsWith("kubeharden: cannot sign the commit with OpenPGP key kubeharden@localhost: ");

    } finally {
      tool(mine, "gpgconf", "--kill", "gpg-agent");
      tool(other, "gpgconf", "--kill", "gpg-agent");
    }
  }
}
