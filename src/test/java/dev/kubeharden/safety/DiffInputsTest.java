package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What diff reads of a node that the kubelet would not read as it looks (wrong types, NaN, huge
 * numbers and string infinities in /configz, deep nesting, a NUL byte or a continuation at the end
 * of a unit, an environment-file line without '=', blank arguments) is invalid input, exit 3 at its
 * file:line:col, never drift (issue 15, class 5). One node directory a case under
 * src/test/resources/hostile/diff; its file "expect" says "3 FILE:LINE:COL TEXT" or "4 TEXT"
 * (drift, TEXT in the report or its notes).
 */
class DiffInputsTest {
  static Stream<Named<Path>> nodes() throws IOException, URISyntaxException {
    Path dir =
        Path.of(Objects.requireNonNull(DiffInputsTest.class.getResource("/hostile/diff")).toURI());
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> all = s.filter(Files::isDirectory).sorted().toList();
      assertThat(all).isNotEmpty();
      return all.stream().map(p -> Named.of(p.getFileName().toString(), p)).toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("nodes")
  void invalidNodeInputIsExitThreeAtItsPositionNotDrift(Path node) throws IOException {
    String[] expect = Files.readString(node.resolve("expect")).strip().split(" ", 3);
    CliRun r = CliRun.run("diff", "--kubelet-config", node.toString());
    assertThat(r.err()).doesNotContain("internal error").doesNotContain("Exception");
    assertThat(r.code())
        .as("stdout: %s%nstderr: %s", r.out(), r.err())
        .isEqualTo(Integer.parseInt(expect[0]));
    if (expect[0].equals("3")) {
      assertThat(r.out()).isEmpty();
      assertThat(r.errorLines()).isNotEmpty();
      assertThat(r.errorLines().get(0)).contains("/" + expect[1] + ": error: ").contains(expect[2]);
    } else {
      assertThat(r.out() + r.err())
          .contains(expect[1] + (expect.length > 2 ? " " + expect[2] : ""));
    }
  }
}
