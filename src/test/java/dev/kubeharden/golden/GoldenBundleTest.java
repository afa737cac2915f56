package dev.kubeharden.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.GoldenTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bundles: each folder under src/test/resources/golden holds {@code args} (the generate
 * options, one per line) and the {@code expected/} tree. The bundle is compared byte for byte;
 * -Dgolden.update=true rewrites the expected trees for review.
 */
class GoldenBundleTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(GOLDEN)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bundleMatchesGoldenTree(String name, @TempDir Path tmp) throws IOException {
    Path dir = GOLDEN.resolve(name);
    List<String> args =
        new ArrayList<>(List.of("generate", "--out", tmp.resolve("out").toString()));
    for (String line : Files.readAllLines(dir.resolve("args"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        args.add(line.strip());
      }
    }
    CliRun r = CliRun.run(args);
    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
    GoldenTree.assertMatches(dir.resolve("expected"), tmp.resolve("out"));
  }

  @Test
  void committedOutIsWhatTheDefaultRunGenerates(@TempDir Path tmp) throws IOException {
    CliRun r = CliRun.run("generate", "--out", tmp.resolve("out").toString());
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    GoldenTree.assertMatches(Path.of("out"), tmp.resolve("out"));
  }
}
