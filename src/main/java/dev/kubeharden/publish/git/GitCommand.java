package dev.kubeharden.publish.git;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Pushes to a repository on this machine with the git executable, so the receiving repository's
 * hooks (pre-receive, update, post-receive) and its receive.* settings apply as for a plain {@code
 * git push}: JGit's own local transport runs none of them. git is run with an argument vector,
 * never through a shell, with a wall-clock bound, and only for local repositories.
 */
final class GitCommand {
  /** Output read back from git: more is cut (a hook may print a lot). */
  private static final int MAX_OUTPUT = 64 * 1024;

  /** Environment variables that would point git at another repository than the one given. */
  private static final List<String> REPOSITORY_ENV =
      List.of(
          "GIT_DIR",
          "GIT_WORK_TREE",
          "GIT_INDEX_FILE",
          "GIT_OBJECT_DIRECTORY",
          "GIT_ALTERNATE_OBJECT_DIRECTORIES",
          "GIT_NAMESPACE",
          "GIT_COMMON_DIR",
          "GIT_QUARANTINE_PATH");

  /**
   * What git said about the ref.
   *
   * @param flag git's porcelain flag (' ', '+', '*', '=' done; '!' rejected), or '?' when git did
   *     not get as far as the ref
   * @param reason the reason in parentheses ("pre-receive hook declined", "stale info"), or git's
   *     own error line
   * @param remote what the receiving side printed ("remote: ..." lines), joined
   */
  record Outcome(char flag, String reason, String remote) {
    boolean ok() {
      return flag == ' ' || flag == '+' || flag == '*' || flag == '=' || flag == '-';
    }

    /**
     * The ref changed since it was read (the lease did not hold), or the push was not a fast
     * forward.
     */
    boolean raced() {
      return flag == '!'
          && (reason.contains("stale info")
              || reason.contains("fetch first")
              || reason.contains("non-fast-forward"));
    }
  }

  private GitCommand() {}

  /** The git executable on PATH, or null. */
  static Path find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String name : List.of("git", "git.exe")) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * {@code git push} of {@code tip} to {@code ref} of {@code remote}, expecting the remote ref at
   * {@code expected} (absent when null): the same compare-and-swap as a JGit push with a lease.
   *
   * @param remote the receiving repository's path or file:// URL, as configured
   */
  static Outcome push(
      Path git,
      Repository repo,
      String remote,
      String ref,
      ObjectId tip,
      ObjectId expected,
      int timeoutSeconds)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(git.toString());
    argv.add("--git-dir=" + repo.getDirectory().getAbsolutePath());
    argv.add("push");
    argv.add("--porcelain");
    argv.add("--no-verify"); // the client-side pre-push hook is not kubeharden's to run
    argv.add("--no-follow-tags");
    argv.add("--no-signed");
    argv.add("--no-recurse-submodules");
    argv.add("--force-with-lease=" + ref + ":" + (expected == null ? "" : expected.name()));
    argv.add("--");
    argv.add(remote);
    // a zero id deletes the ref
    argv.add((tip.equals(ObjectId.zeroId()) ? "" : tip.name()) + ":" + ref);
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.directory(repo.isBare() ? repo.getDirectory() : repo.getWorkTree());
    Map<String, String> env = pb.environment();
    REPOSITORY_ENV.forEach(env::remove);
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("LC_ALL", "C");
    Path out = Files.createTempFile("kubeharden-git-", ".out");
    Path err = Files.createTempFile("kubeharden-git-", ".err");
    try {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())));
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      Process p = pb.start();
      boolean done;
      try {
        done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done = false;
      }
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new Deadline.TimedOut(timeoutSeconds);
      }
      return outcome(read(out), read(err), ref);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String nullDevice() {
    return File.separatorChar == '\\' ? "NUL" : "/dev/null";
  }

  static Outcome outcome(String stdout, String stderr, String ref) {
    List<String> remote = new ArrayList<>();
    String error = null;
    for (String line : stderr.split("\n", -1)) {
      String l = line.strip();
      if (l.startsWith("remote:")) {
        String text = l.substring("remote:".length()).strip();
        if (!text.isEmpty()) {
          remote.add(text);
        }
      } else if (error == null && (l.startsWith("fatal:") || l.startsWith("error:"))) {
        error = l;
      }
    }
    String said = String.join("; ", remote);
    if (said.length() > 300) {
      said = said.substring(0, 300) + "...";
    }
    for (String line : stdout.split("\n", -1)) {
      String[] f = line.split("\t", -1);
      if (f.length >= 3 && f[0].length() == 1 && f[1].endsWith(":" + ref)) {
        String summary = f[2];
        int open = summary.indexOf('(');
        String reason =
            open >= 0 && summary.endsWith(")")
                ? summary.substring(open + 1, summary.length() - 1)
                : summary.replaceAll("[\\[\\]]", "").strip();
        return new Outcome(f[0].charAt(0), reason, said);
      }
    }
    return new Outcome('?', error == null ? "git push failed" : error, said);
  }

  private static String read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
    }
  }

  /**
   * Whether JGit reaches {@code uri} through its local transport (a path or file:// URL, as in its
   * TransportLocal): the transport that runs no hooks.
   */
  static boolean isLocal(org.eclipse.jgit.transport.URIish uri) {
    return uri.getPath() != null
        && uri.getPort() <= 0
        && uri.getUser() == null
        && uri.getPass() == null
        && uri.getHost() == null
        && (uri.getScheme() == null || uri.getScheme().equals("file"));
  }
}
