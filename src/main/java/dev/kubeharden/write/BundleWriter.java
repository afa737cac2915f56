package dev.kubeharden.write;

import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.ExitCode;
import dev.kubeharden.model.KubehardenFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes a bundle to a directory in one step: everything goes to a staging directory beside the
 * target, which then replaces the target by rename ({@link OutputSwitch}: recoverable after a kill,
 * cleaned up on SIGTERM, one run at a time), so the directory holds either the old bundle or the
 * new one, never half. A non-empty target is replaced only when it holds exactly the files its
 * report.json lists with the contents whose hashes it records (a previous bundle, untouched). Files
 * are written 0644 and directories 0755, less the umask.
 */
public final class BundleWriter {
  private static final int PARALLEL_FROM = 256;
  static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));

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
   * The files of the previous bundle in {@code dir} ('/'-separated relative paths): those its
   * manifest lists, as they are now, read without following symbolic links and never beyond {@link
   * PreviousBundle#MAX_SHOWN_BYTES} each; nothing else of the tree is read. Empty when the
   * directory is absent or empty. Throws {@link UnsafeTargetException} when it is not a bundle (no
   * report.json with a manifest, a symbolic link), so that {@code --check} and {@code --dry-run}
   * refuse what a write would refuse, without reading the tree ({@code --out /}).
   */
  public static Map<String, String> read(Path dir) throws IOException {
    Path abs = outputPath(dir);
    if (!exists(abs) || isEmptyDirectory(abs)) {
      return new TreeMap<>();
    }
    refuseLinkOrFile(abs);
    return PreviousBundle.listedFiles(abs);
  }

  /**
   * Replaces the bundle in {@code target} when it differs from {@code bundle}, all under the
   * target's lock (so that the check, the comparison and the switch see one tree even with another
   * run on the same directory): returns what changed, empty when nothing was written.
   */
  public static BundleChanges replace(Bundle bundle, Path target) throws IOException {
    Path abs = outputPath(target);
    try (OutputSwitch output = OutputSwitch.open(abs)) {
      BundleChanges changes = BundleChanges.between(checkedFiles(abs), bundle.files());
      if (!changes.isEmpty()) {
        writeFiles(bundle, output.staging(), () -> {});
        output.commit();
      }
      return changes;
    }
  }

  public static void write(Bundle bundle, Path target) throws IOException {
    write(bundle, target, () -> {});
  }

  /**
   * Writes like {@link #write(Bundle, Path)}, calling {@code afterEachFile} (from any thread) per
   * file written.
   */
  public static void write(Bundle bundle, Path target, Runnable afterEachFile) throws IOException {
    Path abs = outputPath(target);
    try (OutputSwitch output = OutputSwitch.open(abs)) {
      checkTarget(abs);
      Path tmp = output.staging();
      writeFiles(bundle, tmp, afterEachFile);
      output.commit();
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
      Files.createDirectories(d, DIR_MODE);
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

  /** {@code dir} absolute and normalized; UnsafeTargetException when it is the root directory. */
  static Path outputPath(Path dir) throws UnsafeTargetException {
    Path abs = dir.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      throw new UnsafeTargetException(abs + " is the root directory; choose another --out");
    }
    return abs;
  }

  /**
   * What {@link #checkTarget} and then {@link #read} give, from one reading of the previous bundle.
   */
  private static Map<String, String> checkedFiles(Path abs) throws IOException {
    return holdsAPreviousBundle(abs) ? PreviousBundle.checkedFiles(abs) : new TreeMap<>();
  }

  /**
   * What {@link #checkTarget} checks, except the contents of the previous bundle's files, which the
   * returned {@link PreviousBundle.Pending} checks (null when the target is absent or empty).
   */
  static PreviousBundle.Pending checkLayout(Path abs) throws IOException {
    return holdsAPreviousBundle(abs) ? PreviousBundle.pending(abs) : null;
  }

  private static void checkTarget(Path abs) throws IOException {
    if (holdsAPreviousBundle(abs)) {
      PreviousBundle.check(abs);
    }
  }

  /**
   * Whether the target {@code abs} is a non-empty directory, whose content must then be a previous
   * bundle's; false when it is absent or empty. Throws {@link UnsafeTargetException} for the root
   * directory, a symbolic link or a file.
   */
  private static boolean holdsAPreviousBundle(Path abs) throws IOException {
    outputPath(abs);
    if (!exists(abs)) {
      return false;
    }
    refuseLinkOrFile(abs);
    return !isEmptyDirectory(abs);
  }

  private static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * An output directory that is a symbolic link is refused (its target is named): replacing it
   * would replace the link, not what it points to, and reading it would read elsewhere.
   */
  private static void refuseLinkOrFile(Path abs) throws IOException {
    if (Files.isSymbolicLink(abs)) {
      throw new UnsafeTargetException(
          abs
              + " is a symbolic link (to "
              + Files.readSymbolicLink(abs)
              + "); give --out the"
              + " directory itself");
    }
    if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnsafeTargetException(abs + " exists and is not a directory");
    }
  }

  private static boolean isEmptyDirectory(Path abs) throws IOException {
    if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(abs)) {
      return !s.iterator().hasNext();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> children;
      try (Stream<Path> s = Files.list(root)) {
        children = s.toList();
      }
      if (children.size() >= PARALLEL_DELETE_FROM) {
        // a fleet's clusters, each deleted on its own core (unlinking is the kernel's CPU time)
        try {
          children.parallelStream().forEach(BundleWriter::deleteSubtree);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        Files.delete(root);
        return;
      }
    }
    walkDeleting(root);
  }

  /** From how many entries a directory's subtrees are deleted in parallel. */
  private static final int PARALLEL_DELETE_FROM = 16;

  private static void deleteSubtree(Path p) {
    try {
      walkDeleting(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code root} and everything under it, never following a symbolic link. */
  private static void walkDeleting(Path root) throws IOException {
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
            if (exc != null) {
              throw exc;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
