package dev.kubeharden.publish.git;

import dev.kubeharden.publish.PublishException;
import dev.kubeharden.publish.Secrets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** The remote side: fetching into remote-tracking refs, the default branch, and checked pushes. */
final class Remote implements AutoCloseable {
  private final Repository repo;
  private final GitTarget target;
  private final boolean url;
  private final Secrets secrets;
  private final ProgressMonitor progress;
  private final String name;
  private final URIish uri;
  private SshSessions sshSessions;
  private SameOrigin sameOrigin;
  private final List<String> warnings = new java.util.ArrayList<>();

  /**
   * Branch tips as seen on the remote (or the local branches when there is no remote), and its
   * default branch.
   */
  record Refs(Map<String, ObjectId> tips, String defaultBranch, String tracking) {
    Refs(Map<String, ObjectId> tips, String defaultBranch) {
      this(tips, defaultBranch, null);
    }

    ObjectId tip(String branch) {
      return tips.get(branch);
    }

    /** Whether the tips are a local clone's remote-tracking refs as last fetched (a dry run). */
    boolean lastFetched() {
      return tracking != null;
    }
  }

  Remote(Repository repo, GitTarget target, boolean url, Secrets secrets, ProgressMonitor progress)
      throws IOException {
    this.progress = progress;
    this.repo = repo;
    this.target = target;
    this.url = url;
    this.secrets = secrets;
    try {
      if (url) {
        this.name = "origin";
        this.uri = new URIish(target.repo());
      } else if (repo.getConfig().getSubsections("remote").contains(target.remote())) {
        this.name = target.remote();
        RemoteConfig rc = new RemoteConfig(repo.getConfig(), name);
        this.uri = rc.getURIs().isEmpty() ? null : rc.getURIs().get(0);
      } else {
        this.name = null;
        this.uri = null;
      }
    } catch (URISyntaxException e) {
      throw new PublishException(secrets.scrub("not a git URL: " + target.repo()));
    }
    if (target.push() && uri == null) {
      throw new PublishException(
          "cannot push: "
              + target.repo()
              + " has no remote named '"
              + target.remote()
              + "' (see --remote)");
    }
  }

  @Override
  public void close() {
    if (sshSessions != null) {
      sshSessions.close();
      sshSessions = null;
    }
  }

  boolean isLocal() {
    return !url;
  }

  boolean hasRemote() {
    return uri != null;
  }

  /** The remote's URL without credentials, or the repository path when there is no remote. */
  String display() {
    return uri == null ? target.repo() : Secrets.stripUserInfo(uri.toString());
  }

  /**
   * Fetches the remote's branches into refs/remotes/NAME/ (never tags, never local branches). A dry
   * run on a local clone does not fetch: it reads the remote-tracking refs as last fetched.
   */
  Refs fetch() throws IOException {
    if (uri == null) {
      return localBranches();
    }
    String tracking = Constants.R_REMOTES + name + "/";
    Map<String, ObjectId> tips = new java.util.TreeMap<>();
    if (url || !target.dryRun()) {
      String defaultBranch;
      try (Transport tr = open()) {
        String[] head = new String[1];
        FetchResult fr =
            Deadline.run(
                target.timeoutSeconds(),
                tr,
                () -> {
                  try (FetchConnection c = tr.openFetch()) {
                    head[0] = defaultBranch(c.getRef(Constants.HEAD), c.getRefs());
                  }
                  tr.setTagOpt(TagOpt.NO_TAGS);
                  return tr.fetch(
                      progress, List.of(new RefSpec("+refs/heads/*:" + tracking + "*")));
                });
        defaultBranch = head[0];
        // the branches the remote has now, not stale remote-tracking refs of branches deleted there
        for (Ref r : fr.getAdvertisedRefs()) {
          if (r.getName().startsWith(Constants.R_HEADS) && r.getObjectId() != null) {
            tips.put(r.getName().substring(Constants.R_HEADS.length()), r.getObjectId());
          }
        }
      } catch (IOException e) {
        throw new PublishException(
            secrets.scrub("cannot fetch from " + display() + ": " + why(e)), e);
      }
      return new Refs(tips, defaultBranch);
    }
    String defaultBranch = null;
    Ref head = repo.exactRef(tracking + Constants.HEAD);
    if (head != null && head.isSymbolic()) {
      defaultBranch = head.getTarget().getName().substring(tracking.length());
    } else {
      // a clone made by git init and git remote add has no refs/remotes/NAME/HEAD: ask the remote
      defaultBranch = advertisedHead();
    }
    for (Ref r : repo.getRefDatabase().getRefsByPrefix(tracking)) {
      if (!r.isSymbolic() && r.getObjectId() != null) {
        tips.put(r.getName().substring(tracking.length()), r.getObjectId());
      }
    }
    return new Refs(tips, defaultBranch, tracking);
  }

  /**
   * The branch the remote's HEAD names, as {@code git ls-remote --symref NAME HEAD} shows it: the
   * advertisement only, nothing is fetched and no ref of the clone changes. Null when the remote
   * advertises no HEAD. When the remote cannot be reached the failure stands, unless {@code --base}
   * names the base anyway.
   */
  private String advertisedHead() throws IOException {
    try (Transport tr = open()) {
      return Deadline.run(
          target.timeoutSeconds(),
          tr,
          () -> {
            try (FetchConnection c = tr.openFetch()) {
              return defaultBranch(c.getRef(Constants.HEAD), c.getRefs());
            }
          });
    } catch (IOException e) {
      if (target.base() != null) {
        return null;
      }
      throw new PublishException(
          secrets.scrub("cannot ask " + display() + " for its default branch: " + why(e)), e);
    }
  }

  /** The remote's name in the local clone ({@code origin} for a URL). */
  String name() {
    return name;
  }

  private Refs localBranches() throws IOException {
    Map<String, ObjectId> tips = new java.util.TreeMap<>();
    for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
      tips.put(r.getName().substring(Constants.R_HEADS.length()), r.getObjectId());
    }
    String head = repo.getFullBranch();
    return new Refs(
        tips, head != null && head.startsWith(Constants.R_HEADS) ? repo.getBranch() : null);
  }

  /**
   * The branch HEAD points to, from the symref the server advertises or else the branch at HEAD's
   * commit.
   */
  private static String defaultBranch(Ref head, java.util.Collection<Ref> advertised) {
    if (head == null) {
      return null;
    }
    if (head.isSymbolic()) {
      return Repository.shortenRefName(head.getTarget().getName());
    }
    String found = null;
    for (Ref r : advertised) {
      if (r.getName().startsWith(Constants.R_HEADS) && head.getObjectId().equals(r.getObjectId())) {
        String b = Repository.shortenRefName(r.getName());
        if (found == null || b.equals("main") || b.equals("master")) {
          found = b;
        }
      }
    }
    return found;
  }

  /**
   * Pushes {@code tip} to {@code ref}, expecting the remote to still be at {@code expected} (absent
   * when null): a compare-and-swap, so a push that raced someone else's is refused, forced or not.
   * A zero {@code tip} deletes the branch. Every status is checked.
   */
  void push(String ref, ObjectId tip, ObjectId expected, boolean force) throws IOException {
    String tracking = Constants.R_REMOTES + name + "/" + Repository.shortenRefName(ref);
    if (GitCommand.isLocal(uri)) {
      java.nio.file.Path git = GitCommand.find();
      if (git != null) {
        pushWithGit(git, ref, tip, expected, tracking);
        return;
      }
      warnings.add(
          "git was not found on PATH: pushed to "
              + display()
              + " through JGit's local transport, which runs none of its hooks (pre-receive,"
              + " update, post-receive)");
    }
    RemoteRefUpdate update =
        new RemoteRefUpdate(
            repo,
            (String) null,
            tip,
            ref,
            force,
            url ? null : tracking,
            expected == null ? ObjectId.zeroId() : expected);
    PushResult result;
    try (Transport tr = open()) {
      result = Deadline.run(target.timeoutSeconds(), tr, () -> tr.push(progress, List.of(update)));
    } catch (IOException e) {
      throw new PublishException(secrets.scrub("cannot push to " + display() + ": " + why(e)), e);
    }
    RemoteRefUpdate got = result.getRemoteUpdate(ref);
    RemoteRefUpdate.Status status =
        got == null ? RemoteRefUpdate.Status.NOT_ATTEMPTED : got.getStatus();
    String branch = Repository.shortenRefName(ref);
    switch (status) {
      case OK, UP_TO_DATE -> {}
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw raced(branch);
      default -> {
        String why = got == null || got.getMessage() == null ? status.toString() : got.getMessage();
        throw new PublishException(
            secrets.scrub("push of " + branch + " to " + display() + " rejected: " + why));
      }
    }
  }

  /** A push to a repository on this machine through git itself, so that its hooks run. */
  private void pushWithGit(
      java.nio.file.Path git, String ref, ObjectId tip, ObjectId expected, String tracking)
      throws IOException {
    String branch = Repository.shortenRefName(ref);
    GitCommand.Outcome o;
    try {
      o = GitCommand.push(git, repo, uri.toString(), ref, tip, expected, target.timeoutSeconds());
    } catch (Deadline.TimedOut e) {
      throw new PublishException("cannot push to " + display() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PublishException(
          secrets.scrub("cannot push to " + display() + ": cannot run " + git + ": " + reason(e)),
          e);
    }
    if (o.raced()) {
      throw raced(branch);
    }
    if (!o.ok()) {
      throw new PublishException(
          secrets.scrub(
              "push of "
                  + branch
                  + " to "
                  + display()
                  + " rejected: "
                  + o.reason()
                  + (o.remote().isEmpty() ? "" : " (remote: " + o.remote() + ")")));
    }
    if (!url) {
      RefUpdate u = repo.updateRef(tracking);
      u.setForceUpdate(true);
      u.setRefLogMessage("kubeharden pr: pushed", false);
      if (tip.equals(ObjectId.zeroId())) {
        u.delete();
      } else {
        u.setNewObjectId(tip);
        u.update();
      }
    }
  }

  private PublishException raced(String branch) {
    return new PublishException(
        "push to "
            + display()
            + " rejected: branch "
            + branch
            + " changed on the remote since kubeharden fetched it (someone else pushed to it); nothing was"
            + " changed, run again to re-check");
  }

  /** Warnings of this run (a push whose remote's hooks could not run). */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  private Transport open() throws IOException {
    Transport tr;
    try {
      tr = url ? Transport.open(repo, uri) : Transport.open(repo, name);
    } catch (URISyntaxException e) {
      throw new PublishException(
          secrets.scrub("remote " + name + " of " + target.repo() + " has a bad URL"));
    }
    tr.setTimeout(target.timeoutSeconds());
    if (tr instanceof TransportHttp http) {
      sameOrigin = new SameOrigin(http.getHttpConnectionFactory(), tr.getURI());
      http.setHttpConnectionFactory(sameOrigin);
    }
    if (tr instanceof SshTransport st) {
      st.setSshSessionFactory(sshSessions());
      return tr; // public keys only: the token is never sent to an SSH server
    }
    CredentialsProvider cp = credentials();
    if (cp != null) {
      tr.setCredentialsProvider(cp);
    }
    return tr;
  }

  private CredentialsProvider credentials() {
    if (target.password() == null || (uri != null && uri.getPass() != null)) {
      return null;
    }
    String user = uri != null && uri.getUser() != null ? uri.getUser() : target.username();
    return new UsernamePasswordCredentialsProvider(user, target.password());
  }

  private SshSessions sshSessions() {
    if (sshSessions == null) {
      SshOptions o = target.ssh();
      if (o == null) {
        o =
            new SshOptions(
                java.nio.file.Path.of(System.getProperty("user.home")), null, null, null);
      }
      sshSessions = new SshSessions(o);
    }
    return sshSessions;
  }

  /** Why a fetch or push failed: a refused host key in full, else JGit's reason. */
  private String why(IOException e) {
    if (sshSessions != null && sshSessions.refusal() != null) {
      return sshSessions.refusal();
    }
    if (sameOrigin != null && sameOrigin.refusal() != null) {
      return sameOrigin.refusal();
    }
    String reason = reason(e);
    if (sshSessions != null && reason.contains("Cannot log in")) {
      return sshSessions.authenticationFailure(SshFailure.where(uri));
    }
    String ssh = sshSessions == null ? null : SshFailure.describe(e, uri, target.timeoutSeconds());
    return ssh != null ? ssh : reason;
  }

  /** The message of a JGit failure without the URL it usually starts with, plus its root cause. */
  static String reason(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceFirst("^\\S+://\\S*?: ", "");
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
      m = m + " (" + root.getMessage() + ")";
    }
    return m;
  }
}
