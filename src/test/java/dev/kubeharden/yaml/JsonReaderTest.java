package dev.kubeharden.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.render.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report.json reader accepts exactly RFC 8259 JSON. Jackson, configured strictly (duplicate
 * keys, trailing tokens and big numbers), is the oracle: on hand-picked documents and on random
 * documents and their one-character mutations, both accept or both refuse, and what both accept
 * reads as the same value.
 */
class JsonReaderTest {
  private static final ObjectMapper JACKSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static Object read(String json) {
    return JsonReader.read("report.json", json.getBytes(StandardCharsets.UTF_8), 64);
  }

  /** Jackson's reading as the reader's types (numbers as BigDecimal), or null when it refuses. */
  private static Object[] jackson(byte[] json) {
    try {
      JsonNode n = JACKSON.readTree(json);
      return n == null || n.isMissingNode() ? null : new Object[] {plain(n)};
    } catch (Exception e) {
      return null;
    }
  }

  private static Object plain(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        m.put(e.getKey(), plain(e.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(x -> l.add(plain(x)));
      return l;
    }
    if (n.isNumber()) {
      return n.decimalValue().stripTrailingZeros();
    }
    if (n.isNull()) {
      return null;
    }
    return n.isBoolean() ? n.booleanValue() : n.textValue();
  }

  /** The reader's value with numbers as stripped BigDecimals, to compare with Jackson's. */
  private static Object decimals(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put((String) k, decimals(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(JsonReaderTest::decimals).toList();
    }
    if (v instanceof Long x) {
      return BigDecimal.valueOf(x).stripTrailingZeros();
    }
    if (v instanceof BigDecimal x) {
      return x.stripTrailingZeros();
    }
    return v;
  }

  private static void agreesWithJackson(byte[] json) {
    Object[] expected = jackson(json);
    Object actual;
    try {
      actual = JsonReader.read("report.json", json, 1000);
    } catch (InvalidInputException e) {
      assertThat(expected)
          .as("Jackson accepts %s, refused: %s", show(json), e.getMessage())
          .isNull();
      return;
    }
    assertThat(expected).as("Jackson refuses %s, accepted", show(json)).isNotNull();
    assertThat(decimals(actual)).as(show(json)).isEqualTo(expected[0]);
  }

  private static String show(byte[] json) {
    return "'" + new String(json, StandardCharsets.UTF_8).replace("\n", "\\n") + "'";
  }

  @Test
  void readsObjectsInOrderListsStringsNumbersAndLiterals() {
    Object v =
        read(
            " {\"b\": [1, -2, 3.5, 1e3, 12345678901234567890, true, false, null],\n"
                + " \"a\": {\"x\": \"y \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\ud83d\\ude00 é\"},"
                + " \"c\": [], \"d\": {}}\r\n");
    assertThat(v).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("b", "a", "c", "d");
    assertThat(m.get("b"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly(
            1L,
            -2L,
            new BigDecimal("3.5"),
            new BigDecimal("1e3"),
            new BigDecimal("12345678901234567890"),
            true,
            false,
            null);
    assertThat(((Map<?, ?>) m.get("a")).get("x"))
        .isEqualTo("y \"q\" \\ / \b\f\n\r\t é\uD83D\uDE00 é");
    assertThat(m.get("c")).isEqualTo(List.of());
    assertThat(m.get("d")).isEqualTo(Map.of());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "{\"a\": 1,}",
        "[1, 2,]",
        "{'a': 1}",
        "{a: 1}",
        "{\"a\" 1}",
        "{\"a\": 1} x",
        "{\"a\": 1}{}",
        "[01]",
        "[-]",
        "[1.]",
        "[.5]",
        "[1e]",
        "[+1]",
        "[NaN]",
        "[Infinity]",
        "[tru]",
        "[nul]",
        "[\"\\x\"]",
        "[\"\\u12\"]",
        "[\"\\u12g4\"]",
        "[\"tab\there\"]",
        "[\"line\nbreak\"]",
        "[\"open",
        "// comment\n{}",
        "{} /* comment */",
        "[1 2]",
        "{\"a\": 1 \"b\": 2}",
      })
  void refusesWhatRfc8259DoesNotAllow(String json) {
    assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidInputException.class);
    assertThat(jackson(json.getBytes(StandardCharsets.UTF_8)))
        .as("the oracle refuses it too")
        .isNull();
  }

  @Test
  void refusesADuplicateKeyAtItsPosition() {
    assertThatThrownBy(() -> read("{\"sha256\": {},\n  \"sha256\": {\"a\": \"b\"}}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("report.json:2:3")
        .hasMessageContaining("duplicate key \"sha256\"");
  }

  @Test
  void namesTheLineAndColumnInCharactersOfAProblem() {
    assertThatThrownBy(() -> read("{\"é\": 1,\r\n \"b\": tru}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("report.json:2:7")
        .hasMessageContaining("not a JSON value");
    assertThatThrownBy(() -> read("{\"a\": 1,\r \"b\": [1,]}"))
        .hasMessageContaining("report.json:2:10");
  }

  @Test
  void refusesANumberBeyondABigDecimal() {
    assertThatThrownBy(() -> read("[1e99999999999]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("report.json:1:2")
        .hasMessageContaining("out of range");
  }

  @Test
  void refusesAByteOrderMark() {
    // RFC 8259 section 8.1: implementations must not add one (Jackson skips it; kubeharden never
    // writes one)
    assertThatThrownBy(() -> read("\uFEFF{}")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void refusesUnpairedSurrogateEscapes() {
    for (String s : List.of("\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud800x", "\\udc00\\ud800")) {
      assertThatThrownBy(() -> read("[\"" + s + "\"]"))
          .as(s)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("unpaired surrogate");
    }
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    for (byte[] bad :
        List.of(
            new byte[] {'[', '"', (byte) 0xC3, '"', ']'},
            new byte[] {'[', '"', (byte) 0xC0, (byte) 0xAF, '"', ']'},
            new byte[] {'[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'},
            new byte[] {(byte) 0xFF, '[', ']'})) {
      assertThatThrownBy(() -> JsonReader.read("report.json", bad, 64))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not UTF-8");
    }
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String ok = "[".repeat(64) + "]".repeat(64);
    assertThat(read(ok)).isInstanceOf(List.class);
    String deep = "[".repeat(65) + "]".repeat(65);
    assertThatThrownBy(() -> read(deep)).hasMessageContaining("nested deeper than 64");
    String objects = "{\"a\":".repeat(65) + "1" + "}".repeat(65);
    assertThatThrownBy(() -> read(objects)).hasMessageContaining("nested deeper than 64");
  }

  @Test
  void readsBackWhatTheReportWriterWrites() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("generator", "kubeharden");
    doc.put("text", "quote \" backslash \\ control \u0001 line\nsep \u2028 emoji \uD83D\uDE00");
    doc.put("numbers", List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE));
    doc.put("nested", Map.of("k", List.of(Map.of(), List.of(), true)));
    assertThat(read(Json.write(doc))).isEqualTo(doc);
  }

  @Test
  void agreesWithJacksonOnRandomDocumentsAndTheirMutations() {
    Random random = new Random(20261203);
    byte[] alphabet =
        "{}[]\":,\\ \n\t0123456789-+.eEtrufalsn\"ubd8\u00e9".getBytes(StandardCharsets.UTF_8);
    for (int doc = 0; doc < 400; doc++) {
      byte[] json = Json.write(randomValue(random, 0)).getBytes(StandardCharsets.UTF_8);
      agreesWithJackson(json);
      for (int m = 0; m < 20; m++) {
        int at = random.nextInt(json.length);
        byte[] mutated;
        switch (random.nextInt(3)) {
          case 0 -> {
            mutated = new byte[json.length - 1];
            System.arraycopy(json, 0, mutated, 0, at);
            System.arraycopy(json, at + 1, mutated, at, json.length - at - 1);
          }
          case 1 -> {
            mutated = json.clone();
            mutated[at] = alphabet[random.nextInt(alphabet.length)];
          }
          default -> {
            mutated = new byte[json.length + 1];
            System.arraycopy(json, 0, mutated, 0, at);
            mutated[at] = alphabet[random.nextInt(alphabet.length)];
            System.arraycopy(json, at, mutated, at + 1, json.length - at);
          }
        }
        agreesWithJackson(mutated);
      }
    }
  }

  private static Object randomValue(Random r, int depth) {
    int kind = depth > 3 ? 2 + r.nextInt(4) : r.nextInt(6);
    switch (kind) {
      case 0 -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          m.put(randomString(r), randomValue(r, depth + 1));
        }
        return m;
      }
      case 1 -> {
        List<Object> l = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          l.add(randomValue(r, depth + 1));
        }
        return l;
      }
      case 2 -> {
        return randomString(r);
      }
      case 3 -> {
        return r.nextInt(3) == 0 ? r.nextLong() : (long) r.nextInt(1000);
      }
      case 4 -> {
        return r.nextBoolean();
      }
      default -> {
        return null;
      }
    }
  }

  private static String randomString(Random r) {
    String chars = "ab/\\\"\n\u0001é\u2028\uD83D\uDE00 0";
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(6); i > 0; i--) {
      int k = r.nextInt(chars.length() - 1);
      char c = chars.charAt(k);
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append(chars.charAt(k + 1));
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
