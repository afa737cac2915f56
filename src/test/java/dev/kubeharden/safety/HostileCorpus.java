package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The hostile input corpus under src/test/resources/hostile/CLASS/: one file a case, whose first
 * line says what must happen: {@code # expect 3 LINE:COL TEXT} (exit 3, the first error at that
 * position, its message containing TEXT) or {@code # expect 0 TEXT} (exit 0, TEXT in the output).
 */
record HostileCorpus(Path file, int exit, String position, String text) {

  static Stream<Named<HostileCorpus>> of(String kind) {
    Path dir;
    try {
      dir =
          Path.of(
              Objects.requireNonNull(HostileCorpus.class.getResource("/hostile/" + kind)).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted = files.sorted().toList();
      assertThat(sorted).as("corpus " + kind).isNotEmpty();
      return sorted.stream()
          .map(f -> Named.of(f.getFileName().toString(), parse(f)))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HostileCorpus parse(Path f) {
    String first;
    try {
      first =
          Files.readString(f, StandardCharsets.UTF_8)
              .replaceFirst("^\uFEFF+", "")
              .lines()
              .findFirst()
              .orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] w = first.split(" ", 4);
    assertThat(w[0] + " " + w[1]).as(f + " header").isEqualTo("# expect");
    int exit = Integer.parseInt(w[2]);
    if (exit == 0) {
      return new HostileCorpus(f, 0, null, first.substring("# expect 0 ".length()));
    }
    return new HostileCorpus(
        f, exit, w[3].substring(0, w[3].indexOf(' ')), w[3].substring(w[3].indexOf(' ') + 1));
  }

  /** The error line this case must start with ("-": the file named without a position). */
  String errorPrefix() {
    return file + ("-".equals(position) ? "" : ":" + position) + ": error: ";
  }

  /**
   * Runs generate (into {@code tmp}/out) and validate on the case: both exit as expected; an
   * accepted case writes its text, a refused one writes nothing and reports its first problem at
   * the expected position; never an internal error.
   */
  void assertGenerateAndValidateAgree(Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    CliRun g = CliRun.run("generate", "-p", file.toString(), "--out", out.toString());
    assertThat(g.err()).doesNotContain("internal error").doesNotContain("Exception");
    assertThat(g.code()).as("generate exit; stderr: %s", g.err()).isEqualTo(exit);
    CliRun v = CliRun.run("validate", file.toString());
    assertThat(v.code()).as("validate exit; stderr: %s", v.err()).isEqualTo(exit);
    if (exit == 0) {
      assertThat(generated(out) + g.err()).contains(text);
      return;
    }
    assertThat(out).doesNotExist();
    for (CliRun r : new CliRun[] {g, v}) {
      assertThat(r.errorLines()).isNotEmpty();
      assertThat(r.errorLines().get(0)).startsWith(errorPrefix()).contains(text);
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
