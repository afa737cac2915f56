package dev.kubeharden.diff;

import static dev.kubeharden.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.GoldenTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One node per folder under {@code src/test/resources/diff/}, each with its expected report: {@code
 * expected/out} (stdout), {@code expected/err} (stderr) and {@code expected/exit}. {@code args}
 * (one per line) overrides the default {@code diff --kubelet-config FOLDER}. Malformed inputs live
 * under {@code diff-errors/} the same way. -Dgolden.update=true rewrites the expected files for
 * review.
 */
class DiffFixturesTest {
  static Stream<Path> cases() throws IOException {
    List<Path> all = new ArrayList<>();
    for (String root : List.of("src/test/resources/diff", "src/test/resources/diff-errors")) {
      try (Stream<Path> s = Files.list(Path.of(root))) {
        s.filter(Files::isDirectory).sorted().forEach(all::add);
      }
    }
    return all.stream();
  }

  static List<String> args(Path dir) throws IOException {
    Path a = dir.resolve("args");
    List<String> out = new ArrayList<>(List.of("diff"));
    if (Files.exists(a)) {
      for (String l : Files.readAllLines(a, StandardCharsets.UTF_8)) {
        if (!l.isBlank()) {
          out.add(l.replace("@dir", dir.toString()));
        }
      }
    } else {
      out.add("--kubelet-config");
      out.add(dir.toString());
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportMatchesExpected(Path dir) throws IOException {
    CliRun r = run(args(dir));
    Path expected = dir.resolve("expected");
    // Exit code and stderr are pinned by hand: golden.update rewrites only the report on stdout.
    assertThat(r.code())
        .as("stderr: %s", r.err())
        .isEqualTo(Integer.parseInt(Files.readString(expected.resolve("exit")).strip()));
    assertThat(r.err())
        .isEqualTo(Files.readString(expected.resolve("err"), StandardCharsets.UTF_8));
    GoldenTree.assertMatchesFile(expected.resolve("out"), r.out());
  }
}
