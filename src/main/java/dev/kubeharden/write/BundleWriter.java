package dev.kubeharden.write;

import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.ExitCode;
import dev.kubeharden.model.KubehardenFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes a bundle to a directory in one step: everything goes to a temporary directory beside the
 * target, which then replaces the target by rename, so the directory holds either the old bundle or
 * the new one, never half. A non-empty target is replaced only when it holds exactly the files its
 * report.json lists with the contents whose hashes it records (a previous bundle, untouched).
 */
public final class BundleWriter {
  private static final int PARALLEL_FROM = 256;

  private BundleWriter() {}

  /** Thrown when the target directory holds something kubeharden must not overwrite. */
  public static final class UnsafeTargetException extends IOException implements KubehardenFailure {
    private static final long serialVersionUID = 1L;

    UnsafeTargetException(String message) {
      super(message);
    }

    @Override
    public ExitCode exitCode() {
      return ExitCode.RUNTIME_FAILURE;
    }
  }

  /**
   * Reads the files of an existing bundle directory ('/'-separated relative paths); empty when
   * absent.
   */
  public static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        out.put(rel, Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  public static void write(Bundle bundle, Path target) throws IOException {
    write(bundle, target, () -> {});
  }

  /**
   * Writes like {@link #write(Bundle, Path)}, calling {@code afterEachFile} (from any thread) per
   * file written.
   */
  public static void write(Bundle bundle, Path target, Runnable afterEachFile) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    checkTarget(abs);
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".kubeharden-new-");
    Path old = null;
    try {
      writeFiles(bundle, tmp, afterEachFile);
      if (Files.exists(abs)) {
        old =
            parent.resolve(
                "."
                    + abs.getFileName()
                    + ".kubeharden-old-"
                    + tmp.getFileName().toString().replaceAll(".*-", ""));
        move(abs, old);
      }
      move(tmp, abs);
      tmp = null;
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
        if (old != null && !Files.exists(abs)) {
          move(old, abs);
          old = null;
        }
      }
      if (old != null) {
        deleteTree(old);
      }
    }
  }

  /**
   * Creates the directories first, then writes the files, in parallel when there are many (a
   * fleet).
   */
  private static void writeFiles(Bundle bundle, Path tmp, Runnable afterEachFile)
      throws IOException {
    Map<Path, String> files = new LinkedHashMap<>();
    Set<Path> dirs = new TreeSet<>();
    IdentityHashMap<String, Integer> uses = new IdentityHashMap<>();
    for (Map.Entry<String, String> e : bundle.files().entrySet()) {
      Path f = tmp.resolve(e.getKey()).normalize();
      if (!f.startsWith(tmp) || f.equals(tmp)) {
        throw new IOException("refusing to write outside the output directory: " + e.getKey());
      }
      files.put(f, e.getValue());
      dirs.add(f.getParent());
      uses.merge(e.getValue(), 1, Integer::sum);
    }
    // Pools of a fleet share the same String instances: encode those once; encode the others as
    // they are written.
    IdentityHashMap<String, byte[]> shared = new IdentityHashMap<>();
    uses.forEach(
        (text, n) -> {
          if (n > 1) {
            shared.put(text, text.getBytes(StandardCharsets.UTF_8));
          }
        });
    uses.clear();
    for (Path d : dirs) {
      Files.createDirectories(d);
    }
    try {
      (files.size() < PARALLEL_FROM ? files.entrySet().stream() : files.entrySet().parallelStream())
          .forEach(
              e -> {
                try {
                  byte[] bytes = shared.get(e.getValue());
                  BundleModes.write(
                      e.getKey(),
                      tmp.relativize(e.getKey()).toString().replace('\\', '/'),
                      bytes != null ? bytes : e.getValue().getBytes(StandardCharsets.UTF_8));
                } catch (IOException x) {
                  throw new UncheckedIOException(x);
                }
                afterEachFile.run();
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Throws {@link UnsafeTargetException} unless {@code target} is absent, empty, or holds exactly
   * what a previous bundle wrote (see {@link PreviousBundle}).
   */
  public static void checkReplaceable(Path target) throws IOException {
    checkTarget(target.toAbsolutePath().normalize());
  }

  private static void checkTarget(Path abs) throws IOException {
    if (!Files.exists(abs)) {
      return;
    }
    if (!Files.isDirectory(abs)) {
      throw new UnsafeTargetException(abs + " exists and is not a directory");
    }
    boolean empty;
    try (Stream<Path> s = Files.list(abs)) {
      empty = s.findAny().isEmpty();
    }
    if (empty) {
      return;
    }
    PreviousBundle.check(abs);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
