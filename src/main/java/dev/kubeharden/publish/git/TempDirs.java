package dev.kubeharden.publish.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the temporary clone. */
final class TempDirs {
  private TempDirs() {}

  static void delete(Path dir) {
    for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
      deleteOnce(dir);
    }
  }

  private static void deleteOnce(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // best effort: a leftover temporary clone holds no credentials (they are never written to its
      // config)
    }
  }
}
