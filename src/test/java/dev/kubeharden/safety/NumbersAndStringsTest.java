package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every numeric form YAML 1.1 or 1.2 can give a number field (infinities, NaN, hex, octal, leading
 * zeros, digit separators, overflow) and every odd string (unpaired surrogates, non-BMP characters,
 * raw line separators) is either accepted with the kubelet's meaning or refused at its
 * file:line:col with exit 3, never an internal error (issue 15, class 4). The cases are files under
 * src/test/resources/hostile/numbers and hostile/strings; generate and validate must agree on each.
 */
class NumbersAndStringsTest {
  @TempDir Path tmp;

  static Stream<Named<HostileCorpus>> numbers() {
    return HostileCorpus.of("numbers");
  }

  static Stream<Named<HostileCorpus>> strings() {
    return HostileCorpus.of("strings");
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void numbersAreReadAsTheKubeletReadsThemOrRefusedWithAPosition(HostileCorpus c)
      throws IOException {
    check(c);
  }

  @ParameterizedTest
  @MethodSource("strings")
  void oddStringsAreKeptExactlyOrRefusedWithAPosition(HostileCorpus c) throws IOException {
    check(c);
  }

  private void check(HostileCorpus c) throws IOException {
    Path out = tmp.resolve("out");
    CliRun g = CliRun.run("generate", "-p", c.file().toString(), "--out", out.toString());
    assertThat(g.err()).doesNotContain("internal error").doesNotContain("Exception");
    assertThat(g.code()).as("generate exit; stderr: %s", g.err()).isEqualTo(c.exit());
    CliRun v = CliRun.run("validate", c.file().toString());
    assertThat(v.code()).as("validate exit; stderr: %s", v.err()).isEqualTo(c.exit());
    if (c.exit() == 0) {
      assertThat(generated(out) + g.err()).contains(c.text());
      return;
    }
    assertThat(out).doesNotExist();
    for (CliRun r : new CliRun[] {g, v}) {
      assertThat(r.errorLines()).isNotEmpty();
      assertThat(r.errorLines().get(0)).startsWith(c.errorPrefix()).contains(c.text());
    }
  }

  private static String generated(Path out) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        all.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return all.toString();
  }
}
