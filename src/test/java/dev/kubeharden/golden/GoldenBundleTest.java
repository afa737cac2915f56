package dev.kubeharden.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.kubeharden.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bundles: each folder under src/test/resources/golden holds {@code args} (the generate options, one per
 * line) and the {@code expected/} tree. The bundle is compared byte for byte; -Dgolden.update=true rewrites the
 * expected trees for review.
 */
class GoldenBundleTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(GOLDEN)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bundleMatchesGoldenTree(String name, @TempDir Path tmp) throws IOException {
    Path dir = GOLDEN.resolve(name);
    List<String> args = new ArrayList<>(List.of("generate", "--out", tmp.resolve("out").toString()));
    for (String line : Files.readAllLines(dir.resolve("args"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        args.add(line.strip());
      }
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args.toArray(String[]::new));
    assertThat(code).as("exit code; stderr: %s", err).isZero();
    Path expected = dir.resolve("expected");
    if (UPDATE) {
      deleteTree(expected);
      copyTree(tmp.resolve("out"), expected);
    }
    assertSameTree(expected, tmp.resolve("out"));
  }

  @Test
  void committedOutIsWhatTheDefaultRunGenerates(@TempDir Path tmp) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err))
            .execute("generate", "--out", tmp.resolve("out").toString());
    assertThat(code).as("stderr: %s", err).isZero();
    assertSameTree(Path.of("out"), tmp.resolve("out"));
  }

  static void assertSameTree(Path expected, Path actual) throws IOException {
    Map<String, String> e = read(expected);
    Map<String, String> a = read(actual);
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
    if (!problems.isEmpty()) {
      fail(
          "bundle differs from " + expected + " (rerun with -Dgolden.update=true and review the diff):\n"
              + String.join("\n", problems));
    }
  }

  static Map<String, String> read(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    for (Map.Entry<String, String> e : read(from).entrySet()) {
      Path f = to.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
    }
  }

  private static void deleteTree(Path root) throws IOException {
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
