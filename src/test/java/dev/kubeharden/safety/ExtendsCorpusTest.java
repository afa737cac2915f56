package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Profiles that extend what is not a profile: secrets (/etc/shadow, /proc/self/environ, an env
 * file, ../ paths reaching them), devices, FIFOs' kin, directories (issue 15 classes 1 and 2). One
 * file a case under src/test/resources/hostile/extends, its first line {@code # expect 3 REGEX}:
 * generate and validate both exit 3 at once (no read of /dev/zero), an error line matches REGEX,
 * nothing is written, and no content of the file reached shows in the output (an excerpt of a file
 * that is plausibly a profile is at most 120 characters).
 */
class ExtendsCorpusTest {
  private static final List<String> LEAKS =
      List.of("s3cr3t", "$6$", "$y$", ":0:0:", "PATH=", "HOSTNAME=", "x".repeat(121));

  @TempDir Path tmp;

  static Stream<Named<Path>> cases() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            Objects.requireNonNull(ExtendsCorpusTest.class.getResource("/hostile/extends"))
                .toURI());
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(10);
      return all.stream().map(p -> Named.of(p.getFileName().toString(), p)).toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void whatIsNotAProfileIsNamedNeverQuotedAndNeverReadWhole(Path file) throws IOException {
    String header = Files.readString(file).lines().findFirst().orElseThrow();
    assertThat(header).startsWith("# expect 3 ");
    Pattern expected = Pattern.compile(header.substring("# expect 3 ".length()));
    Path out = tmp.resolve("out");
    for (CliRun r :
        List.of(
            CliRun.run("generate", "-p", file.toString(), "--out", out.toString()),
            CliRun.run("validate", file.toString()))) {
      assertThat(r.code()).as("stdout %s%nstderr %s", r.out(), r.err()).isEqualTo(3);
      assertThat(r.errorLines()).as(r.err()).anyMatch(l -> expected.matcher(l).find());
      for (String leak : LEAKS) {
        assertThat(r.out() + r.err()).doesNotContain(leak);
      }
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("internal error");
      assertThat(out).doesNotExist();
    }
  }
}
