package dev.kubeharden.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bundle written file by file as it is produced (a fleet, pool after pool) instead of held whole
 * in memory: under the target's lock, after the same check of the target as {@link
 * BundleWriter#write}, the files go to the staging directory of an {@link OutputSwitch}, and {@link
 * #commit} then makes the same recoverable switch. Closed without a commit (a problem in any pool),
 * the staging directory is deleted, and so are the parent directories {@link #open} created:
 * nothing is written. Files may be written from several threads; each directory is made before its
 * files, parents first (once per thread while they are written), and each file gets the mode its
 * bundle path asks for ({@link BundleModes}).
 */
public final class BundleStage implements AutoCloseable {
  private static final int RECENT_DIRS = 256;

  /** What a file holds, written to its stream as it is produced. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private final OutputSwitch output;
  private final Path tmp;
  private final List<Path> createdParents;

  /** The previous bundle in the target, its files' contents still to be checked; or null. */
  private final PreviousBundle.Pending previous;

  /**
   * The directories each writing thread made or found last: a pool's files are written together, so
   * a few hundred suffice to make each directory once, where a set of every directory of a
   * 100,000-pool fleet held a million paths. A directory that left it is made again, harmlessly.
   */
  private final ThreadLocal<Map<Path, Boolean>> recentDirs =
      ThreadLocal.withInitial(
          () ->
              new LinkedHashMap<>(RECENT_DIRS * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Path, Boolean> eldest) {
                  return size() > RECENT_DIRS;
                }
              });

  private final AtomicInteger files = new AtomicInteger();
  private boolean committed;

  private BundleStage(
      OutputSwitch output, Path tmp, List<Path> createdParents, PreviousBundle.Pending previous) {
    this.output = output;
    this.previous = previous;
    this.tmp = tmp;
    this.createdParents = createdParents;
  }

  /**
   * Takes the target's lock, checks that the target may be replaced ({@link
   * BundleWriter.UnsafeTargetException} otherwise, with nothing created) and opens its staging
   * directory. The contents of the previous bundle's files are checked as the new files are written
   * over them and by {@link #commit}, which refuses (and so writes nothing) when one was changed
   * since the previous bundle wrote it.
   */
  public static BundleStage open(Path target) throws IOException {
    Path abs = BundleWriter.outputPath(target);
    List<Path> missing = new ArrayList<>();
    for (Path p = abs.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    OutputSwitch output = OutputSwitch.open(abs);
    try {
      PreviousBundle.Pending previous = BundleWriter.checkLayout(abs);
      return new BundleStage(output, output.staging(), missing, previous);
    } catch (IOException | RuntimeException e) {
      output.close();
      deleteEmpty(missing);
      throw e;
    }
  }

  /** Writes one file of the bundle at {@code path} ('/'-separated, inside the bundle). */
  public void write(String path, byte[] bytes) throws IOException {
    write(path, bytes, null);
  }

  /**
   * Writes like {@link #write(String, byte[])}, given the SHA-256 of {@code bytes}: a previous file
   * at {@code path} with that hash in its manifest is then checked by comparing it with them.
   */
  public void write(String path, byte[] bytes, String sha256) throws IOException {
    write(path, out -> out.write(bytes));
    if (previous != null) {
      previous.written(path, bytes, sha256);
    }
  }

  /**
   * Writes one file of the bundle at {@code path} as {@code content} produces it, so that a large
   * file (a fleet's report.json) is never held whole.
   */
  public void write(String path, Content content) throws IOException {
    Path f = tmp.resolve(path).normalize();
    if (!f.startsWith(tmp) || f.equals(tmp)) {
      throw new IOException("refusing to write outside the output directory: " + path);
    }
    directory(f.getParent());
    BundleModes.write(f, path, content);
    files.incrementAndGet();
  }

  /** How many files were written. */
  public int fileCount() {
    return files.get();
  }

  private void directory(Path d) throws IOException {
    Map<Path, Boolean> recent = recentDirs.get();
    if (d.equals(tmp) || recent.get(d) != null) {
      return;
    }
    directory(d.getParent());
    try {
      Files.createDirectory(d, BundleWriter.DIR_MODE);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
        throw e;
      }
    }
    recent.put(d, Boolean.TRUE);
  }

  /** Replaces the target with what was written, in the output switch's renames. */
  public void commit() throws IOException {
    if (previous != null) {
      previous.finish();
    }
    output.commit();
    committed = true;
  }

  /**
   * Releases the target's lock; without a commit, deletes everything written, and the parent
   * directories it created.
   */
  @Override
  public void close() throws IOException {
    output.close();
    if (!committed) {
      deleteEmpty(createdParents);
    }
  }

  /** Deletes the directories of {@code created} (innermost first) while they are empty. */
  private static void deleteEmpty(List<Path> created) throws IOException {
    for (Path p : created) {
      try (var s = Files.list(p)) {
        if (s.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(p);
    }
  }
}
