package dev.kubeharden.publish.git;

import dev.kubeharden.publish.PublishException;
import dev.kubeharden.publish.Secrets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * Finds and deletes the branches kubeharden made that a run supersedes: every branch other than the
 * run's own whose commits off the base all carry the {@value GitPublisher#TRAILER} trailer, and
 * that changed the run's directory since it left the base (an old wave, the branch of an earlier
 * --branch) or whose name git would refuse beside one of the run's branches (kubeharden/NAME beside
 * kubeharden/NAME/WAVE). A branch with anyone else's commit is never deleted.
 */
public final class SupersededBranches {
  /** A superseded branch, its tip, and the base branch it left. */
  public record Branch(String name, String tip, String base) {}

  /** Called before a branch is deleted (to close its pull request); false keeps the branch. */
  @FunctionalInterface
  public interface BeforeDelete {
    boolean accept(Branch b) throws PublishException;
  }

  private final Secrets secrets;

  public SupersededBranches(Secrets secrets) {
    this.secrets = secrets;
  }

  /**
   * Deletes the branches the run's {@code current} branches supersede (on the remote with the tip
   * seen as the lease, and the local clone's branch of the same name), each after {@code before}
   * agreed; lists them without deleting in a dry run, or when nothing is pushed to a remote.
   *
   * @param t where: repository, remote, base, the directory ({@code t.path()}); its branch is one
   *     of {@code current}
   * @return the superseded branches, in name order
   */
  public List<Branch> retire(GitTarget t, Set<String> current, BeforeDelete before)
      throws PublishException {
    Path temp = null;
    try {
      boolean url = GitPublisher.isUrl(t.repo());
      if (url) {
        temp = dev.kubeharden.write.ScratchDirs.create("kubeharden-pr");
      }
      try (Repository repo =
              url ? GitPublisher.initTemporary(temp) : GitPublisher.openLocal(t.repo());
          Remote remote = new Remote(repo, t, url, secrets, NullProgressMonitor.INSTANCE)) {
        return run(repo, remote, t, current, before);
      }
    } catch (PublishException e) {
      throw e;
    } catch (IOException e) {
      throw new PublishException(secrets.scrub(t.repo() + ": " + Remote.reason(e)), e);
    } finally {
      if (temp != null) {
        TempDirs.delete(temp);
      }
    }
  }

  private static List<Branch> run(
      Repository repo, Remote remote, GitTarget t, Set<String> current, BeforeDelete before)
      throws IOException {
    for (String c : new java.util.TreeSet<>(current)) {
      GitPublisher.refuseCheckedOut(repo, remote, t, c);
    }
    Remote.Refs refs = remote.fetch();
    String base = GitPublisher.base(t, refs, remote);
    ObjectId baseTip = refs.tip(base);
    boolean deletes = !t.dryRun() && (t.push() || !remote.hasRemote());
    List<Branch> out = new ArrayList<>();
    for (Map.Entry<String, ObjectId> e : refs.tips().entrySet()) {
      String name = e.getKey();
      if (current.contains(name) || name.equals(base) || name.equals(refs.defaultBranch())) {
        continue;
      }
      boolean blocks =
          current.stream().anyMatch(c -> c.startsWith(name + "/") || name.startsWith(c + "/"));
      Boolean owned = owned(repo, e.getValue(), baseTip);
      if (owned == null || !owned) {
        if (blocks && owned != null) {
          throw new PublishException(
              "branch "
                  + name
                  + " on "
                  + remote.display()
                  + " has commits kubeharden did not make, and git cannot hold it beside "
                  + current.stream()
                      .filter(c -> c.startsWith(name + "/") || name.startsWith(c + "/"))
                      .sorted()
                      .findFirst()
                      .orElseThrow()
                  + "; merge or delete it, then run again");
        }
        continue;
      }
      if (!blocks && !changed(repo, e.getValue(), baseTip, t.path())) {
        continue;
      }
      Branch b = new Branch(name, e.getValue().name(), base);
      if (deletes) {
        if (!before.accept(b)) {
          continue;
        }
        delete(repo, remote, t, name, e.getValue());
      }
      out.add(b);
    }
    return out;
  }

  /**
   * Whether every commit of {@code tip} off the base carries the trailer: null when there is none
   * (the branch is merged, or was never built on).
   */
  private static Boolean owned(Repository repo, ObjectId tip, ObjectId base) throws IOException {
    try (RevWalk rw = new RevWalk(repo)) {
      rw.markStart(rw.parseCommit(tip));
      rw.markUninteresting(rw.parseCommit(base));
      boolean any = false;
      for (RevCommit c : rw) {
        any = true;
        if (!c.getFooterLines("Generated-by").contains("kubeharden")) {
          return false;
        }
      }
      return any ? Boolean.TRUE : null;
    }
  }

  /** Whether the branch changed {@code dir} since it left the base. */
  private static boolean changed(Repository repo, ObjectId tip, ObjectId base, String dir)
      throws IOException {
    try (RevWalk rw = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      RevCommit t = rw.parseCommit(tip);
      rw.setRevFilter(RevFilter.MERGE_BASE);
      rw.markStart(t);
      rw.markStart(rw.parseCommit(base));
      RevCommit from = rw.next();
      if (from == null) {
        return true;
      }
      BranchTree.Entry now = BranchTree.at(reader, t.getTree(), dir);
      BranchTree.Entry then = BranchTree.at(reader, rw.parseCommit(from).getTree(), dir);
      return now == null ? then != null : then == null || !now.id().equals(then.id());
    }
  }

  private static void delete(Repository repo, Remote remote, GitTarget t, String name, ObjectId tip)
      throws IOException {
    String ref = Constants.R_HEADS + name;
    if (remote.hasRemote()) {
      remote.push(ref, ObjectId.zeroId(), tip, true);
    }
    if (!remote.isLocal()) {
      return;
    }
    // the local clone's branch of that name, when it is kubeharden's and not checked out
    ObjectId local = repo.resolve(ref);
    if (local == null || GitPublisher.isCheckedOut(repo, ref)) {
      return;
    }
    if (!local.equals(tip) && !Boolean.TRUE.equals(owned(repo, local, tip))) {
      return;
    }
    RefUpdate u = repo.updateRef(ref);
    u.setExpectedOldObjectId(local);
    u.setForceUpdate(true);
    u.setRefLogMessage("kubeharden pr: superseded", false);
    RefUpdate.Result r = u.delete();
    if (r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE) {
      throw new PublishException("cannot delete branch " + name + " in " + t.repo() + ": " + r);
    }
  }
}
