package dev.kubeharden.safety;

import java.io.IOException;
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
    c.assertGenerateAndValidateAgree(tmp);
  }
}
