package dev.kubeharden.publish.git;

import dev.kubeharden.publish.PublishException;
import dev.kubeharden.publish.git.GitResult.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What the branch becomes. The bundle replaces the directory as a whole; everything else on the
 * branch that kubeharden did not write (a teammate's commit or amendment outside the directory,
 * carrying the trailer) is kept: on top of the branch it stays as it is, and when the branch is
 * rebuilt on a new base it is carried over, or the rebuild is refused when the base changed the
 * same files.
 */
final class BranchPlan {
  /**
   * @param tree the tree of the branch's tip after the run
   * @param parent the parent of the commit to make, or null when no commit is made
   * @param kept the paths outside the directory carried from the old branch onto the new base
   */
  record Plan(State state, ObjectId tree, ObjectId parent, List<String> kept, boolean baseMoved) {
    Plan(State state, ObjectId tree, ObjectId parent, List<String> kept) {
      this(state, tree, parent, kept, false);
    }
  }

  private final RevWalk rw;
  private final ObjectReader reader;
  private final ObjectInserter inserter;

  BranchPlan(RevWalk rw, ObjectReader reader, ObjectInserter inserter) {
    this.rw = rw;
    this.reader = reader;
    this.inserter = inserter;
  }

  /**
   * @param current the branch's tip (all its own commits carry the trailer), or null
   */
  Plan plan(
      RevCommit base,
      String baseName,
      RevCommit current,
      String branch,
      String dir,
      Map<String, String> files,
      Predicate<String> keep)
      throws IOException {
    String onBase = "the base branch " + baseName;
    ObjectId fromBase =
        BranchTree.replace(reader, inserter, base.getTree(), dir, files, onBase, Map.of(), keep);
    if (current == null) {
      return fromBase.equals(base.getTree())
          ? new Plan(State.BASE_HAS_BUNDLE, null, null, List.of())
          : new Plan(State.CREATED, fromBase, base, List.of());
    }
    RevCommit mergeBase = mergeBase(base, current);
    Map<String, BranchTree.Entry> theirs =
        mergeBase == null
            ? Map.of()
            : BranchTree.changedOutside(reader, mergeBase.getTree(), current.getTree(), dir);
    if (theirs.isEmpty() && fromBase.equals(base.getTree())) {
      return new Plan(State.BASE_HAS_BUNDLE, null, null, List.of());
    }
    boolean moved = !base.equals(mergeBase);
    if (!moved || !baseChangedTheBundle(mergeBase, base, dir, files, keep)) {
      // on the branch as it is: a new commit on top is a fast-forward, and a base that moved on
      // without touching the bundle is no reason to force-push (that would dismiss approvals)
      ObjectId tree =
          BranchTree.replace(
              reader, inserter, current.getTree(), dir, files, "branch " + branch, Map.of(), keep);
      return tree.equals(current.getTree())
          ? new Plan(State.UP_TO_DATE, tree, null, List.of(), moved)
          : new Plan(State.UPDATED, tree, current, List.of(), moved);
    }
    List<String> clashes = new ArrayList<>();
    for (Map.Entry<String, BranchTree.Entry> e : theirs.entrySet()) {
      BranchTree.Entry now = BranchTree.at(reader, base.getTree(), e.getKey());
      BranchTree.Entry then = BranchTree.at(reader, mergeBase.getTree(), e.getKey());
      if (!Objects.equals(now, then) && !Objects.equals(now, e.getValue())) {
        clashes.add(e.getKey());
      }
    }
    if (!clashes.isEmpty()) {
      throw new PublishException(
          "refusing to rebuild branch "
              + branch
              + " on "
              + baseName
              + ": it has changes outside "
              + dir
              + " that "
              + baseName
              + " also changed ("
              + whoChanged(current, mergeBase, clashes, dir)
              + "); kubeharden would drop them. Resolve them on the branch in a commit that keeps the"
              + " trailer "
              + GitPublisher.TRAILER
              + ", or close its pull request and delete the branch, then run again");
    }
    ObjectId tree =
        BranchTree.replace(reader, inserter, base.getTree(), dir, files, onBase, theirs, keep);
    return new Plan(State.REBUILT, tree, base, List.copyOf(theirs.keySet()));
  }

  /**
   * Whether the base changed a file under {@code dir} since the branch left it, to something else
   * than the bundle has: merging the pull request would then conflict or undo the bundle, so the
   * branch is rebuilt on the new base.
   */
  private boolean baseChangedTheBundle(
      RevCommit mergeBase,
      RevCommit base,
      String dir,
      Map<String, String> files,
      Predicate<String> keep)
      throws IOException {
    if (mergeBase == null) {
      return true;
    }
    ObjectInserter.Formatter ids = new ObjectInserter.Formatter();
    String prefix = dir + "/";
    for (Map.Entry<String, BranchTree.Entry> e :
        BranchTree.changedUnder(reader, mergeBase.getTree(), base.getTree(), dir).entrySet()) {
      String rel = e.getKey().substring(prefix.length());
      if (keep.test(rel)) {
        continue;
      }
      String ours = files.get(rel);
      ObjectId want =
          ours == null
              ? null
              : ids.idFor(Constants.OBJ_BLOB, ours.getBytes(StandardCharsets.UTF_8));
      BranchTree.Entry theirs = e.getValue();
      boolean same =
          want == null
              ? theirs == null
              : theirs != null
                  && theirs.mode() == FileMode.REGULAR_FILE
                  && theirs.id().equals(want);
      if (!same) {
        return true;
      }
    }
    return false;
  }

  private RevCommit mergeBase(RevCommit a, RevCommit b) throws IOException {
    rw.reset();
    rw.setRevFilter(RevFilter.MERGE_BASE);
    rw.markStart(rw.parseCommit(a));
    rw.markStart(rw.parseCommit(b));
    RevCommit mb = rw.next();
    rw.reset();
    rw.setRevFilter(RevFilter.ALL);
    return mb == null ? null : rw.parseCommit(mb);
  }

  /** "a, b in 1234abc by Carol: "subject"; ..." for the commits that changed {@code paths}. */
  private String whoChanged(RevCommit tip, RevCommit mergeBase, List<String> paths, String dir)
      throws IOException {
    List<String> parts = new ArrayList<>();
    try (RevWalk walk = new RevWalk(reader)) {
      walk.setTreeFilter(
          AndTreeFilter.create(PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
      walk.markStart(walk.parseCommit(tip));
      walk.markUninteresting(walk.parseCommit(mergeBase));
      for (RevCommit c : walk) {
        List<String> touched = new ArrayList<>();
        RevCommit parent = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
        if (parent != null) {
          for (String p :
              BranchTree.changedOutside(reader, parent.getTree(), c.getTree(), dir).keySet()) {
            if (paths.contains(p)) {
              touched.add(p);
            }
          }
        }
        walk.parseBody(c);
        parts.add(
            String.join(", ", touched.isEmpty() ? paths : touched)
                + " in "
                + c.abbreviate(7).name()
                + " by "
                + c.getAuthorIdent().getName()
                + ": \""
                + c.getShortMessage()
                + "\"");
        if (parts.size() == 3) {
          break;
        }
      }
    }
    return parts.isEmpty() ? String.join(", ", paths) : String.join("; ", parts);
  }
}
