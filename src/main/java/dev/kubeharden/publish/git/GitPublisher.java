package dev.kubeharden.publish.git;

import dev.kubeharden.publish.PublishException;
import dev.kubeharden.publish.Secrets;
import dev.kubeharden.publish.git.GitResult.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;
import org.eclipse.jgit.lib.TextProgressMonitor;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;

/**
 * Commits a bundle to a branch kubeharden owns and pushes it, without touching the user's HEAD,
 * index or working tree: the commit is built from objects. A URL is worked on in a temporary bare
 * clone, deleted afterwards.
 *
 * <p>The branch is kubeharden's while every commit on it (not on the base) carries the {@value
 * #TRAILER} trailer. A branch with any other commit is never overwritten. Pushes carry the branch
 * tip kubeharden saw as the expected old value, so a push that raced someone else's is rejected by
 * the server.
 */
public final class GitPublisher {
  /** The trailer that marks commits kubeharden made. */
  public static final String TRAILER = "Generated-by: kubeharden";

  /**
   * Where GitHub, GitLab and Gitea look for CODEOWNERS on the base branch; the first found counts.
   */
  static final List<String> CODEOWNERS =
      List.of(
          ".github/CODEOWNERS",
          ".gitlab/CODEOWNERS",
          ".gitea/CODEOWNERS",
          "CODEOWNERS",
          "docs/CODEOWNERS");

  private static final Pattern URL =
      Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://.*|^[^/\\s]+@[^/\\s]+:.*");

  private final Secrets secrets;
  private final ProgressMonitor progress;

  /**
   * @param progress where fetch and push progress goes, or null for none
   */
  public GitPublisher(Secrets secrets, java.io.Writer progress) {
    this.secrets = secrets;
    this.progress =
        progress == null ? NullProgressMonitor.INSTANCE : new TextProgressMonitor(progress);
  }

  /**
   * The URL of {@code remote} in the local repository at {@code path}, or null (no repository, no
   * such remote).
   */
  public static String remoteUrl(String path, String remote) {
    try (Repository repo = openLocal(path)) {
      String url = repo.getConfig().getString("remote", remote, "url");
      return url == null || url.isBlank() ? null : url;
    } catch (IOException e) {
      return null;
    }
  }

  public static boolean isUrl(String repo) {
    return URL.matcher(repo).matches();
  }

  /**
   * Commits {@code files} under {@code target.path()} on {@code target.branch()} when they differ,
   * and pushes.
   */
  public GitResult publish(GitTarget target, Map<String, String> files, CommitSpec spec)
      throws PublishException {
    Path temp = null;
    try {
      boolean url = isUrl(target.repo());
      if (url) {
        temp = dev.kubeharden.write.ScratchDirs.create("kubeharden-pr");
      }
      try (Repository repo = url ? initTemporary(temp) : openLocal(target.repo());
          Remote remote = new Remote(repo, target, url, secrets, progress)) {
        return run(repo, remote, target, files, spec);
      }
    } catch (PublishException e) {
      throw e;
    } catch (IOException e) {
      throw new PublishException(secrets.scrub(target.repo() + ": " + Remote.reason(e)), e);
    } finally {
      if (temp != null) {
        TempDirs.delete(temp);
      }
    }
  }

  private GitResult run(
      Repository repo, Remote remote, GitTarget t, Map<String, String> files, CommitSpec spec)
      throws IOException {
    String branchRef = Constants.R_HEADS + t.branch();
    refuseCheckedOut(repo, remote, t, t.branch());
    Remote.Refs refs = remote.fetch();
    String base = base(t, refs, remote);
    ObjectId baseTip = refs.tip(base);
    ObjectId remoteTip = refs.tip(t.branch());
    ObjectId localTip = remote.isLocal() && remote.hasRemote() ? repo.resolve(branchRef) : null;
    if (!remote.hasRemote()) {
      localTip = remoteTip;
      remoteTip = null;
    }
    try (RevWalk rw = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader();
        ObjectInserter inserter = t.dryRun() ? idsOnly(repo) : repo.newObjectInserter()) {
      RevCommit baseCommit = rw.parseCommit(baseTip);
      refuseForeign(repo, remoteTip, baseTip, t.branch(), remote.display());
      refuseForeign(repo, localTip, baseTip, t.branch(), t.repo());
      ObjectId current = current(repo, localTip, remoteTip);
      String codeowners = null;
      for (String where : CODEOWNERS) {
        BranchTree.Entry e = BranchTree.at(reader, baseCommit.getTree(), where);
        if (e != null && e.mode() == org.eclipse.jgit.lib.FileMode.REGULAR_FILE) {
          byte[] bytes = reader.open(e.id(), Constants.OBJ_BLOB).getCachedBytes(1 << 20);
          codeowners = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
          break;
        }
      }
      Map<String, String> baseFiles = BranchTree.read(reader, baseCommit.getTree(), t.path());
      baseFiles.keySet().removeIf(t.keep());
      Map<String, String> branchFiles =
          current == null
              ? null
              : BranchTree.read(reader, rw.parseCommit(current).getTree(), t.path());
      if (branchFiles != null) {
        branchFiles.keySet().removeIf(t.keep());
      }
      BranchPlan.Plan plan =
          new BranchPlan(rw, reader, inserter)
              .plan(
                  baseCommit,
                  base,
                  current == null ? null : rw.parseCommit(current),
                  t.branch(),
                  t.path(),
                  files,
                  t.keep());
      if (plan.state() == State.BASE_HAS_BUNDLE) {
        return new GitResult(
            State.BASE_HAS_BUNDLE,
            remote.display(),
            base,
            t.branch(),
            null,
            false,
            baseFiles,
            branchFiles,
            List.of(),
            List.of(),
            false,
            codeowners);
      }
      ObjectId tip =
          plan.parent() == null
              ? current
              : commit(repo, inserter, plan.tree(), plan.parent(), spec);
      State state = plan.state();
      boolean pushed = false;
      if (!t.dryRun()) {
        inserter.flush();
        pushed = apply(repo, remote, t, tip, remoteTip, localTip);
      }
      return new GitResult(
          state,
          remote.display(),
          base,
          t.branch(),
          tip.name(),
          pushed,
          baseFiles,
          branchFiles,
          plan.kept(),
          remote.warnings(),
          plan.baseMoved(),
          codeowners);
    }
  }

  /**
   * The base branch: --base or the remote's default; it must exist and differ from the branch
   * kubeharden owns.
   */
  static String base(GitTarget t, Remote.Refs refs, Remote remote) throws PublishException {
    String base = t.base() != null ? t.base() : refs.defaultBranch();
    if (base == null) {
      throw new PublishException(
          "cannot tell the default branch of "
              + remote.display()
              + (remote.hasRemote()
                  ? " (it advertises no HEAD; it may be empty)"
                  : " (HEAD is not on a branch)")
              + "; pass --base");
    }
    if (t.branch().equals(base) || t.branch().equals(refs.defaultBranch())) {
      throw new PublishException(
          "refusing to commit to "
              + t.branch()
              + ": it is the base or default branch of "
              + remote.display()
              + "; pass another --branch");
    }
    if (refs.tip(base) == null && refs.lastFetched()) {
      throw new PublishException(
          "base branch "
              + base
              + " of "
              + remote.display()
              + " has not been fetched into "
              + t.repo()
              + " (no "
              + refs.tracking()
              + base
              + "; a dry run does not fetch): run git fetch "
              + remote.name());
    }
    if (refs.tip(base) == null) {
      throw new PublishException("base branch " + base + " not found on " + remote.display());
    }
    return base;
  }

  /**
   * Pushes {@code tip} when asked and the remote lacks it (forced only when the branch was rebuilt,
   * always with the lease), then moves a local clone's branch: the local ref changes only after the
   * push succeeded.
   *
   * @return whether it pushed
   */
  private static boolean apply(
      Repository repo,
      Remote remote,
      GitTarget t,
      ObjectId tip,
      ObjectId remoteTip,
      ObjectId localTip)
      throws IOException {
    String branchRef = Constants.R_HEADS + t.branch();
    boolean pushed = false;
    if (t.push() && !tip.equals(remoteTip)) {
      boolean fastForward = remoteTip == null || isAncestor(repo, remoteTip, tip);
      remote.push(branchRef, tip, remoteTip, !fastForward);
      pushed = true;
    }
    if (remote.isLocal() && !tip.equals(localTip)) {
      updateLocalBranch(repo, branchRef, tip, localTip, t.repo());
    }
    return pushed;
  }

  /** A local clone's checked-out branch is never kubeharden's to change. */
  static void refuseCheckedOut(Repository repo, Remote remote, GitTarget t, String branch)
      throws IOException {
    if (remote.isLocal() && isCheckedOut(repo, Constants.R_HEADS + branch)) {
      throw new PublishException(
          "branch "
              + branch
              + " is checked out in "
              + t.repo()
              + " or one of its worktrees"
              + "; kubeharden never changes a checked-out branch (switch away or pass another --branch)");
    }
  }

  /** Whether {@code ref} is the HEAD of this repository or of any worktree sharing its refs. */
  static boolean isCheckedOut(Repository repo, String ref) throws IOException {
    if (ref.equals(repo.getFullBranch())) {
      return true;
    }
    Path common = repo.getCommonDirectory().toPath();
    List<Path> heads = new java.util.ArrayList<>(List.of(common.resolve(Constants.HEAD)));
    Path worktrees = common.resolve("worktrees");
    if (Files.isDirectory(worktrees)) {
      try (var dirs = Files.list(worktrees)) {
        dirs.forEach(d -> heads.add(d.resolve(Constants.HEAD)));
      }
    }
    for (Path head : heads) {
      if (Files.isRegularFile(head) && Files.readString(head).strip().equals("ref: " + ref)) {
        return true;
      }
    }
    return false;
  }

  /** An inserter that computes object ids and stores nothing, for dry runs. */
  private static ObjectInserter idsOnly(Repository repo) {
    return new ObjectInserter.Formatter() {
      @Override
      public ObjectId insert(int type, long length, java.io.InputStream in) throws IOException {
        return idFor(type, length, in);
      }

      @Override
      public ObjectReader newReader() {
        return repo.newObjectReader();
      }
    };
  }

  /**
   * The branch tip to build on: the local branch when it already contains the remote one, else the
   * remote's.
   */
  private static ObjectId current(Repository repo, ObjectId localTip, ObjectId remoteTip)
      throws IOException {
    if (localTip == null) {
      return remoteTip;
    }
    if (remoteTip == null || isAncestor(repo, remoteTip, localTip)) {
      return localTip;
    }
    return remoteTip;
  }

  private static void refuseForeign(
      Repository repo, ObjectId tip, ObjectId base, String branch, String where)
      throws IOException {
    if (tip == null) {
      return;
    }
    try (RevWalk rw = new RevWalk(repo)) {
      rw.markStart(rw.parseCommit(tip));
      rw.markUninteresting(rw.parseCommit(base));
      for (RevCommit c : rw) {
        if (!c.getFooterLines("Generated-by").contains("kubeharden")) {
          throw new PublishException(
              "refusing to update branch "
                  + branch
                  + " on "
                  + where
                  + ": it has commits kubeharden did not make ("
                  + c.abbreviate(7).name()
                  + " by "
                  + c.getAuthorIdent().getName()
                  + ": \""
                  + c.getShortMessage()
                  + "\"); merge or close its pull request, or delete the branch, then run again");
        }
      }
    }
  }

  private static boolean isAncestor(Repository repo, ObjectId ancestor, ObjectId tip)
      throws IOException {
    try (RevWalk rw = new RevWalk(repo)) {
      return rw.isMergedInto(rw.parseCommit(ancestor), rw.parseCommit(tip));
    }
  }

  private static ObjectId commit(
      Repository repo, ObjectInserter inserter, ObjectId tree, ObjectId parent, CommitSpec spec)
      throws IOException {
    PersonIdent who = new PersonIdent(spec.name(), spec.email());
    CommitBuilder cb = new CommitBuilder();
    cb.setTreeId(tree);
    cb.setParentId(parent);
    cb.setAuthor(who);
    cb.setCommitter(who);
    cb.setMessage(message(spec));
    if (spec.signingKey() != null) {
      sign(repo, cb, who, spec);
    }
    return inserter.insert(cb);
  }

  /**
   * Signs the commit through JGit's signer for the key's format, as git does with gpg.format=ssh or
   * gpg.format=openpgp (Bouncy Castle, reading the GnuPG home; no gpg process).
   */
  private static void sign(Repository repo, CommitBuilder cb, PersonIdent who, CommitSpec spec)
      throws PublishException {
    SigningKey key = spec.signingKey();
    boolean ssh = key.format() == SigningKey.Format.SSH;
    GpgConfig.GpgFormat format = ssh ? GpgConfig.GpgFormat.SSH : GpgConfig.GpgFormat.OPENPGP;
    Signer signer = Signers.get(format);
    if (signer == null) {
      throw new PublishException(
          "cannot sign the commit: JGit's "
              + (ssh ? "SSH" : "OpenPGP")
              + " signing is not available");
    }
    org.eclipse.jgit.lib.Config config = new org.eclipse.jgit.lib.Config();
    config.setString("gpg", null, "format", ssh ? "ssh" : "openpgp");
    try {
      signer.signObject(
          repo,
          new GpgConfig(config),
          cb,
          who,
          key.key(),
          spec.passphrase() == null
              ? null
              : new UsernamePasswordCredentialsProvider("", spec.passphrase()));
    } catch (IOException
        | org.eclipse.jgit.api.errors.CanceledException
        | org.eclipse.jgit.api.errors.UnsupportedSigningFormatException
        | RuntimeException e) {
      throw new PublishException(
          "cannot sign the commit with "
              + (ssh ? key.key() : "OpenPGP key " + key.key())
              + ": "
              + Remote.reason(e)
              + (spec.passphrase() == null
                  ? " (an encrypted key needs --ssh-key-passphrase-env)"
                  : ""),
          e);
    }
  }

  static String message(CommitSpec spec) {
    StringBuilder m =
        new StringBuilder(spec.message().strip()).append("\n\n").append(TRAILER).append('\n');
    if (spec.signoff()) {
      m.append("Signed-off-by: ")
          .append(spec.name())
          .append(" <")
          .append(spec.email())
          .append(">\n");
    }
    return m.toString();
  }

  private static void updateLocalBranch(
      Repository repo, String ref, ObjectId tip, ObjectId old, String where) throws IOException {
    RefUpdate u = repo.updateRef(ref);
    u.setNewObjectId(tip);
    u.setExpectedOldObjectId(old == null ? ObjectId.zeroId() : old);
    u.setForceUpdate(true);
    u.setRefLogMessage("kubeharden pr", false);
    RefUpdate.Result r = u.update();
    switch (r) {
      case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
      default ->
          throw new PublishException("cannot update branch " + ref + " in " + where + ": " + r);
    }
  }

  static Repository initTemporary(Path dir) throws IOException {
    Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    repo.create(true);
    // no automatic gc after the fetch: a background gc would still be writing while the clone is
    // deleted
    repo.getConfig().setInt("gc", null, "auto", 0);
    repo.getConfig().setInt("gc", null, "autopacklimit", 0);
    repo.getConfig().save();
    return repo;
  }

  static Repository openLocal(String path) throws IOException {
    Path p = Path.of(path);
    if (!Files.isDirectory(p)) {
      throw new PublishException(path + ": no such directory");
    }
    try {
      return RepositoryCache.FileKey.lenient(p.toFile(), FS.DETECTED).open(true);
    } catch (RepositoryNotFoundException e) {
      throw new PublishException(path + " is not a git repository");
    }
  }
}
