package dev.kubeharden.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares a generated tree or file with its golden copy, byte for byte. With {@code
 * -Dgolden.update=true} the golden copy is rewritten and the test then fails on purpose, so that
 * nobody commits a regenerated golden without reading its diff ({@code git diff}) and rerunning
 * without the flag.
 */
public final class GoldenTree {
  public static final boolean UPDATE = Boolean.getBoolean("golden.update");

  private GoldenTree() {}

  /**
   * Asserts {@code actual} (a directory) equals {@code expected}; in update mode rewrites it, then
   * fails.
   */
  public static void assertMatches(Path expected, Path actual) throws IOException {
    if (UPDATE) {
      Map<String, String> before = read(expected);
      Map<String, String> after = read(actual);
      if (!before.equals(after)) {
        deleteTree(expected);
        for (Map.Entry<String, String> e : after.entrySet()) {
          Path f = expected.resolve(e.getKey());
          Files.createDirectories(f.getParent());
          Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
        }
        fail(
            "golden.update rewrote "
                + expected
                + ": read the diff (git diff "
                + expected
                + "), then rerun without -Dgolden.update");
      }
      return;
    }
    List<String> problems = differences(read(expected), read(actual));
    if (!problems.isEmpty()) {
      fail(
          "tree differs from "
              + expected
              + " (rerun with -Dgolden.update=true and review the diff):\n"
              + String.join("\n", problems));
    }
  }

  /** Asserts {@code actual} text equals the golden file; in update mode rewrites it, then fails. */
  public static void assertMatchesFile(Path expectedFile, String actual) throws IOException {
    String expected =
        Files.exists(expectedFile) ? Files.readString(expectedFile, StandardCharsets.UTF_8) : null;
    if (UPDATE) {
      if (!actual.equals(expected)) {
        Files.createDirectories(expectedFile.toAbsolutePath().getParent());
        Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        fail(
            "golden.update rewrote "
                + expectedFile
                + ": read the diff, then rerun without -Dgolden.update");
      }
      return;
    }
    List<String> problems =
        differences(
            expected == null ? Map.of() : Map.of(expectedFile.getFileName().toString(), expected),
            Map.of(expectedFile.getFileName().toString(), actual));
    if (!problems.isEmpty()) {
      fail(
          "output differs from "
              + expectedFile
              + " (rerun with -Dgolden.update=true and review the diff):\n"
              + String.join("\n", problems));
    }
  }

  private static List<String> differences(Map<String, String> e, Map<String, String> a) {
    List<String> problems = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>(e.keySet());
    all.addAll(a.keySet());
    for (String f : all) {
      if (!a.containsKey(f)) {
        problems.add("missing file " + f);
      } else if (!e.containsKey(f)) {
        problems.add("extra file " + f);
      } else if (!e.get(f).equals(a.get(f))) {
        List<String> el = Arrays.asList(e.get(f).split("\n", -1));
        List<String> al = Arrays.asList(a.get(f).split("\n", -1));
        problems.add(
            String.join(
                "\n",
                UnifiedDiffUtils.generateUnifiedDiff(
                    "expected/" + f, "actual/" + f, el, DiffUtils.diff(el, al), 2)));
      }
    }
    return problems;
  }

  /** Every regular file below {@code root}, by relative path ('/' separated), with its text. */
  public static Map<String, String> read(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(
            root.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Deletes a tree, deepest first; nothing when it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
