package dev.kubeharden.publish.git;

import dev.kubeharden.publish.PublishException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Reads and replaces the bundle directory inside a tree, from objects only: no index, no working
 * tree.
 */
final class BranchTree {
  private BranchTree() {}

  /** The files under {@code dir} in {@code tree}, by path relative to {@code dir}. */
  static Map<String, String> read(ObjectReader reader, RevTree tree, String dir)
      throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(tree);
      tw.setRecursive(true);
      String prefix = dir + "/";
      while (tw.next()) {
        String p = tw.getPathString();
        if (p.startsWith(prefix) && tw.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
          byte[] bytes = reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes();
          files.put(p.substring(prefix.length()), new String(bytes, StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }

  /** A file's mode and object in a tree. */
  record Entry(FileMode mode, ObjectId id) {}

  /**
   * The id of {@code tree} with everything under {@code dir} replaced by {@code files} (so files no
   * longer generated are deleted), and the paths of {@code others} (outside {@code dir}) set to
   * their entry, or deleted when it is null: changes made on a branch, carried onto another tree.
   * Paths under {@code dir} that {@code keep} accepts (relative to {@code dir}) are left as they
   * are. Objects go through {@code inserter}; an {@link ObjectInserter.Formatter} computes ids
   * only.
   */
  static ObjectId replace(
      ObjectReader reader,
      ObjectInserter inserter,
      RevTree tree,
      String dir,
      Map<String, String> files,
      String where,
      Map<String, Entry> others,
      Predicate<String> keep)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    String prefix = dir + "/";
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(tree);
      tw.setRecursive(true);
      while (tw.next()) {
        String p = tw.getPathString();
        if (p.startsWith(prefix)) {
          // what is kept under dir (another rollout wave's pools) stays as it is in this tree
          if (keep.test(p.substring(prefix.length()))) {
            builder.add(entry(p, tw.getFileMode(0), tw.getObjectId(0)));
          }
          continue;
        }
        // a recursive walk yields only non-directories: a file, link or submodule where the
        // bundle's directory (or one of its parents) would go is never replaced
        if (p.equals(dir) || dir.startsWith(p + "/")) {
          throw new PublishException(
              "cannot write the bundle under "
                  + dir
                  + ": "
                  + (p.equals(dir) ? "it" : p)
                  + " is "
                  + kind(tw.getFileMode(0))
                  + " on "
                  + where
                  + ", not a directory (pass another --path)");
        }
        if (!others.containsKey(p)) {
          builder.add(entry(p, tw.getFileMode(0), tw.getObjectId(0)));
        }
      }
    }
    others.forEach(
        (p, e) -> {
          if (e != null) {
            builder.add(entry(p, e.mode(), e.id()));
          }
        });
    for (Map.Entry<String, String> f : files.entrySet()) {
      ObjectId blob =
          inserter.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8));
      builder.add(entry(prefix + f.getKey(), FileMode.REGULAR_FILE, blob));
    }
    builder.finish();
    return index.writeTree(inserter);
  }

  /**
   * The paths outside {@code dir} whose entry differs between {@code from} and {@code to}, with
   * their entry in {@code to} (null: deleted there).
   */
  static Map<String, Entry> changedOutside(
      ObjectReader reader, RevTree from, RevTree to, String dir) throws IOException {
    Map<String, Entry> changed = new TreeMap<>();
    String prefix = dir + "/";
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(from);
      tw.addTree(to);
      tw.setRecursive(true);
      tw.setFilter(TreeFilter.ANY_DIFF);
      while (tw.next()) {
        String p = tw.getPathString();
        if (!p.startsWith(prefix)) {
          changed.put(
              p, tw.getRawMode(1) == 0 ? null : new Entry(tw.getFileMode(1), tw.getObjectId(1)));
        }
      }
    }
    return changed;
  }

  /**
   * The paths under {@code dir} whose entry differs between {@code from} and {@code to}, with their
   * entry in {@code to} (null: deleted there).
   */
  static Map<String, Entry> changedUnder(ObjectReader reader, RevTree from, RevTree to, String dir)
      throws IOException {
    Map<String, Entry> changed = new TreeMap<>();
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(from);
      tw.addTree(to);
      tw.setRecursive(true);
      tw.setFilter(
          org.eclipse.jgit.treewalk.filter.AndTreeFilter.create(
              org.eclipse.jgit.treewalk.filter.PathFilter.create(dir), TreeFilter.ANY_DIFF));
      while (tw.next()) {
        changed.put(
            tw.getPathString(),
            tw.getRawMode(1) == 0 ? null : new Entry(tw.getFileMode(1), tw.getObjectId(1)));
      }
    }
    return changed;
  }

  /** The entry at {@code path} in {@code tree}, or null. */
  static Entry at(ObjectReader reader, RevTree tree, String path) throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(reader, path, tree)) {
      return tw == null ? null : new Entry(tw.getFileMode(0), tw.getObjectId(0));
    }
  }

  private static String kind(FileMode mode) {
    if (mode == FileMode.SYMLINK) {
      return "a symbolic link";
    }
    if (mode == FileMode.GITLINK) {
      return "a submodule";
    }
    return "a file";
  }

  private static DirCacheEntry entry(String path, FileMode mode, ObjectId id) {
    DirCacheEntry e = new DirCacheEntry(path);
    e.setFileMode(mode);
    e.setObjectId(id);
    return e;
  }
}
