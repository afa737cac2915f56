package dev.kubeharden.write;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The switch of an output directory from the old tree to the new one, made recoverable. For a
 * target {@code DIR/out} the staging directories live beside it:
 *
 * <ol>
 *   <li>the new tree is written into {@code .out.kubeharden-new-ID};
 *   <li>once complete it is renamed {@code .out.kubeharden-ready-ID};
 *   <li>{@code out} is renamed {@code .out.kubeharden-old-ID};
 *   <li>{@code .out.kubeharden-ready-ID} is renamed {@code out};
 *   <li>{@code .out.kubeharden-old-ID} is deleted.
 * </ol>
 *
 * A run killed at any point leaves either {@code out} (old or new, complete) or, between steps 3
 * and 4, no {@code out} but a complete ready tree. The next run, under the same lock, first {@link
 * #recover recovers}: with no {@code out} it renames the ready tree into place (or, failing that,
 * the old one back), then deletes every staging directory of that target. Runs on one target are
 * serialised by a lock on {@code $TMPDIR/kubeharden-out-SHA256.lock} (the hash of the target's
 * path), so a second run never removes the staging directory of a first that is still writing. On
 * SIGTERM or SIGINT a shutdown hook removes the staging directory of a run in progress and puts the
 * old tree back if it was moved away.
 */
final class OutputSwitch implements AutoCloseable {
  private static final String NEW = ".kubeharden-new-";
  private static final String READY = ".kubeharden-ready-";
  private static final String OLD = ".kubeharden-old-";
  private static final Set<OutputSwitch> ACTIVE = ConcurrentHashMap.newKeySet();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> ACTIVE.forEach(OutputSwitch::abandon), "kubeharden-output-cleanup"));
  }

  private final Path target;
  private final Path parent;
  private final String name;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final ReentrantLock local;
  private final String id = newId();
  private Path staging;
  private Path old;
  private boolean switched;
  private boolean abandoned;

  /**
   * Takes the lock for {@code target} (absolute, normalized), waiting for another run on it to
   * finish, then recovers what a killed run left.
   */
  static OutputSwitch open(Path target) throws IOException {
    return new OutputSwitch(target);
  }

  private OutputSwitch(Path target) throws IOException {
    this.target = target;
    this.parent = target.getParent();
    this.name = target.getFileName().toString();
    Files.createDirectories(parent);
    this.local = IN_PROCESS.computeIfAbsent(target, t -> new ReentrantLock());
    local.lock();
    // POSIX record locks: any close of another descriptor of the lock file in this process
    // would release the lock, so the file is opened once and never read through another one, and
    // it is never removed (a removed lock file lets two runs lock two files). It lives in the
    // temporary directory, named after the target, so that nothing is left beside --out.
    Path path =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("kubeharden-out-" + sha256(target.toString()) + ".lock");
    FileChannel channel;
    FileLock l;
    try {
      // Not through a link: the temporary directory is shared, and a link planted there under
      // this name must not make kubeharden open (and lock) a file elsewhere.
      channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      local.unlock();
      String reason =
          e instanceof java.nio.file.FileSystemException f && f.getReason() != null
              ? f.getReason()
              : e.getMessage();
      throw new IOException("cannot open the output's lock file " + path + ": " + reason, e);
    } catch (RuntimeException e) {
      local.unlock();
      throw e;
    }
    try {
      l = channel.lock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      local.unlock();
      throw e;
    }
    this.lockFile = channel;
    this.lock = l;
    try {
      recover();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /**
   * Completes or undoes a switch a killed run left, then deletes every staging directory of the
   * target: with the target missing, the newest complete tree (ready, else old) becomes it.
   */
  private void recover() throws IOException {
    Path ready = null;
    Path previous = null;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, "." + name + ".kubeharden-*")) {
      for (Path p : s) {
        String n = p.getFileName().toString().substring(name.length() + 1);
        if (n.startsWith(READY) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          ready = p;
        } else if (n.startsWith(OLD) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          previous = p;
        }
      }
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (ready != null) {
        move(ready, target);
      } else if (previous != null) {
        move(previous, target);
      }
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, "." + name + ".kubeharden-*")) {
      for (Path p : s) {
        String n = p.getFileName().toString().substring(name.length() + 1);
        if ((n.startsWith(NEW) || n.startsWith(READY) || n.startsWith(OLD))
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          BundleWriter.deleteTree(p);
        }
      }
    }
  }

  /** A new, empty staging directory (mode 0755 less the umask, the mode the target gets). */
  synchronized Path staging() throws IOException {
    staging = Files.createDirectory(parent.resolve("." + name + NEW + id), BundleWriter.DIR_MODE);
    ACTIVE.add(this);
    return staging;
  }

  /** Puts the complete staging tree in place of the target (steps 2 to 5). */
  synchronized void commit() throws IOException {
    if (abandoned) {
      throw new IOException("interrupted");
    }
    Path ready = parent.resolve("." + name + READY + id);
    move(staging, ready);
    staging = ready;
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      old = parent.resolve("." + name + OLD + id);
      move(target, old);
    }
    move(ready, target);
    staging = null;
    switched = true;
    if (old != null) {
      BundleWriter.deleteTree(old);
      old = null;
    }
  }

  /** On a signal: the staging tree goes, and the old tree comes back if it was moved away. */
  private synchronized void abandon() {
    abandoned = true;
    try {
      if (!switched && old != null && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        move(old, target);
        old = null;
      }
      if (staging != null) {
        BundleWriter.deleteTree(staging);
        staging = null;
      }
    } catch (IOException | RuntimeException e) {
      // The next run recovers what is left.
    }
  }

  @Override
  public synchronized void close() throws IOException {
    ACTIVE.remove(this);
    try {
      if (staging != null) {
        BundleWriter.deleteTree(staging);
        staging = null;
      }
      if (!switched && old != null && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        move(old, target);
      }
    } finally {
      try {
        lock.release();
      } finally {
        lockFile.close();
        local.unlock();
      }
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String newId() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }
}
