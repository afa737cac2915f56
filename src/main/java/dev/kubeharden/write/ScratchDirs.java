package dev.kubeharden.write;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary directories of a run (diff's spool, pr's temporary clone): {@code
 * $TMPDIR/PREFIX-PID-RANDOM}, mode 0700, deleted by a shutdown hook when the run is stopped by
 * SIGTERM or SIGINT before it deletes them itself. A directory whose process is gone (a run killed
 * with SIGKILL) is deleted by the next run that makes one with the same prefix.
 */
public final class ScratchDirs {
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
  private static final Set<String> SWEPT = ConcurrentHashMap.newKeySet();
  private static final Pattern OWNED = Pattern.compile("-([0-9]+)-[0-9]+$");

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> LIVE.forEach(ScratchDirs::deleteQuietly), "kubeharden-scratch-cleanup"));
  }

  private ScratchDirs() {}

  /**
   * Deletes, once per run, the {@code PREFIX-PID-*} directories of runs that are gone: called where
   * a run may make one (a diff that spills), whether or not this run does.
   */
  public static void sweepStale(String prefix) {
    if (SWEPT.add(prefix)) {
      sweep(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }
  }

  /** A new private directory {@code PREFIX-PID-RANDOM} in the temporary directory. */
  public static Path create(String prefix) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    sweepStale(prefix);
    Path dir =
        Files.createTempDirectory(
            tmp,
            prefix + "-" + ProcessHandle.current().pid() + "-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    LIVE.add(dir);
    return dir;
  }

  /** Deletes a directory made by {@link #create} (best effort) and forgets it. */
  public static void delete(Path dir) {
    deleteQuietly(dir);
    LIVE.remove(dir);
  }

  /** Deletes the {@code PREFIX-PID-*} directories whose process no longer runs. */
  private static void sweep(Path tmp, String prefix) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp, prefix + "-*")) {
      for (Path p : s) {
        Matcher m = OWNED.matcher(p.getFileName().toString());
        if (m.find()
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
          deleteQuietly(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: a leftover directory of another run holds nothing kubeharden needs
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      BundleWriter.deleteTree(dir);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
