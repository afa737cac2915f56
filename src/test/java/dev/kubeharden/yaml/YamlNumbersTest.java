package dev.kubeharden.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Properties of the one number reader every input goes through, over seeded random values (a
 * failure prints its seed and value): every integer written in any accepted base reads back as
 * itself, every finite double's text reads back as itself, and no text whatever makes the reader or
 * the loader throw anything but a reported problem.
 */
class YamlNumbersTest {
  private static final long SEED = 15_4L;
  private static final int RUNS = 5_000;

  @Test
  void everyIntegerInEveryAcceptedBaseReadsBackAsItself() {
    Random random = new Random(SEED);
    for (int i = 0; i < RUNS; i++) {
      BigInteger n = new BigInteger(1 + random.nextInt(90), random);
      if (random.nextBoolean()) {
        n = n.negate();
      }
      String sign = n.signum() < 0 ? "-" : random.nextBoolean() ? "+" : "";
      BigInteger abs = n.abs();
      for (String text :
          new String[] {
            sign + abs,
            sign + "0x" + abs.toString(16),
            sign + "0X" + abs.toString(16).toUpperCase(java.util.Locale.ROOT),
            sign + "0o" + abs.toString(8),
            sign + "0b" + abs.toString(2)
          }) {
        assertThat(YamlLoader.coreTag(text)).as(text).isEqualTo("int");
        assertThat(YamlNumbers.read(text)).as(text).isEqualTo(new YamlNumbers.Whole(n));
        assertThat(YamlNumbers.goInteger(text)).as(text).isEqualTo(n);
      }
    }
  }

  @Test
  void everyFiniteDoubleReadsBackAsItselfAndNoInfinityIsAccepted() {
    Random random = new Random(SEED);
    for (int i = 0; i < RUNS; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String text = Double.toString(d).replace("E", "e");
      assertThat(YamlLoader.coreTag(text)).as(text).isEqualTo("float");
      assertThat(YamlNumbers.read(text)).as(text).isEqualTo(new YamlNumbers.Real(d));
    }
    for (String text : new String[] {".inf", "-.inf", "+.INF", ".NaN", "1e309", "-1e400"}) {
      assertThat(YamlNumbers.read(text)).as(text).isInstanceOf(YamlNumbers.Refused.class);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0600, 384",
    "0x_1F, 31",
    "1_000, 1000",
    "-0b1_0, -2",
    "0o17, 15",
    "+017, 15",
    "08, ",
    "1__0, ",
    "_1, ",
    "1_, ",
    "0x, ",
    "abc, "
  })
  void flagIntegersFollowGoParseIntWithBaseZero(String text, String expected) {
    assertThat(YamlNumbers.goInteger(text))
        .isEqualTo(expected == null ? null : new BigInteger(expected));
  }

  @Test
  void randomTextNeverEscapesAsAnInternalError() {
    Random random = new Random(SEED);
    String alphabet = "0123456789+-._xXoObBeE:infaINFAN \"'\\{}[],#&*!|>%@`\n\t\u2028\u0085\uD800";
    for (int i = 0; i < RUNS; i++) {
      StringBuilder sb = new StringBuilder("v: ");
      int len = random.nextInt(24);
      for (int j = 0; j < len; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      try {
        for (dev.kubeharden.model.Node n : YamlLoader.loadAll("r.yaml", text)) {
          walk(n);
        }
      } catch (dev.kubeharden.model.InvalidInputException e) {
        assertThat(e.problems()).as(text).isNotEmpty();
        assertThat(e.problems().get(0).position().hasLine()).as(text).isTrue();
      }
    }
  }

  private static void walk(dev.kubeharden.model.Node n) {
    if (n instanceof dev.kubeharden.model.Node.Scalar s && s.plain()) {
      if ("int".equals(s.tag()) || "float".equals(s.tag())) {
        assertThat(YamlNumbers.read(s.text())).as(s.text()).isNotNull();
      }
    } else if (n instanceof dev.kubeharden.model.Node.MapNode m) {
      m.entries().values().forEach(e -> walk(e.value()));
    } else if (n instanceof dev.kubeharden.model.Node.SeqNode q) {
      q.items().forEach(YamlNumbersTest::walk);
    }
  }
}
