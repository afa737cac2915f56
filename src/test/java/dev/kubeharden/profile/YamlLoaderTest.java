package dev.kubeharden.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import dev.kubeharden.yaml.YamlLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlLoaderTest {

  private static List<String> headlines(String source, String text) {
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> YamlLoader.load(source, text));
    assertThat(e).as("loading %s should fail", source).isNotNull();
    return e.problems().stream().map(Problem::headline).toList();
  }

  @Test
  void reportsEveryDuplicateKeyWithLineAndColumn() {
    String text =
        String.join(
            "\n", "a: 1", //
            "b: 2", "a: 3", "c:", "  x: 1", "  x: 2", "b: 4", "");
    assertThat(headlines("dup.yaml", text))
        .containsExactly(
            "dup.yaml:3:1: error: duplicate key \"a\" (first defined at line 1)",
            "dup.yaml:6:3: error: duplicate key \"x\" (first defined at line 5)",
            "dup.yaml:7:1: error: duplicate key \"b\" (first defined at line 2)");
  }

  @Test
  void duplicateKeyProblemCarriesTheSourceLineForTheCaret() {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> YamlLoader.load("d.yaml", "k: 1\nk: 2\n"));
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).render())
        .isEqualTo("d.yaml:2:1: error: duplicate key \"k\" (first defined at line 1)\n  k: 2\n  ^");
  }

  @Test
  void rejectsJavaClassTagWithoutConstructingAnything() {
    String text =
        "x: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
            + " [\"http://example.invalid/\"]]]]\n";
    List<String> h = headlines("tag.yaml", text);
    assertThat(h).hasSize(1);
    assertThat(h.get(0))
        .startsWith("tag.yaml:1:4: error: ")
        .contains("javax.script.ScriptEngineManager")
        .containsIgnoringCase("tag");
  }

  @Test
  void rejectsCustomLocalTag() {
    assertThat(headlines("custom.yaml", "a: 1\nb: !foo bar\n"))
        .containsExactly("custom.yaml:2:4: error: unsupported or unsafe YAML tag !foo");
  }

  @Test
  void rejectsCustomTagsEverywhereAndReportsAllOfThem() {
    assertThat(headlines("tags.yaml", "a: !foo 1\nb:\n  - !bar [1]\n  - !!str ok\n"))
        .containsExactly(
            "tags.yaml:1:4: error: unsupported or unsafe YAML tag !foo",
            "tags.yaml:3:5: error: unsupported or unsafe YAML tag !bar");
  }

  @Test
  void acceptsStandardTags() {
    Node n = YamlLoader.load("std.yaml", "a: !!str 0\nb: !!int 3\n");
    Node.MapNode m = (Node.MapNode) n;
    Node.Scalar a = (Node.Scalar) m.get("a");
    assertThat(a.text()).isEqualTo("0");
    assertThat(a.describe()).as("!!str makes 0 a string").isEqualTo("a string");
  }

  @Test
  void aPlainDateIsACoreSchemaStringButAnExplicitTimestampTagIsRefused() {
    Node.MapNode m = (Node.MapNode) YamlLoader.load("d.yaml", "expires: 2026-06-30\n");
    Node.Scalar s = (Node.Scalar) m.get("expires");
    assertThat(s.text()).isEqualTo("2026-06-30");
    assertThat(s.plain()).isTrue();
    assertThat(s.tag()).isEqualTo("str");
    assertThat(headlines("t.yaml", "expires: !!timestamp 2026-06-30\n"))
        .containsExactly("t.yaml:1:10: error: unsupported or unsafe YAML tag !!timestamp");
  }

  @Test
  void rejectsMergeKey() {
    String text = "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n";
    assertThat(headlines("merge.yaml", text))
        .containsExactly(
            "merge.yaml:3:3: error: YAML merge keys (<<) are not supported; write the keys out");
  }

  @Test
  void rejectsBillionLaughsQuicklyWithAClearMessage() {
    StringBuilder sb =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'i'; c++) {
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      sb.append("]\n");
      prev = String.valueOf(c);
    }
    String bomb = sb.toString();
    // Rejected by the loader's alias limit before anything is expanded (no wall-clock assertion:
    // the limit's
    // message is the proof that nothing was expanded).
    List<String> h = headlines("bomb.yaml", bomb);
    assertThat(h).hasSize(1);
    assertThat(h.get(0))
        .startsWith("bomb.yaml:")
        .contains(": error: YAML: ")
        .containsIgnoringCase("aliases");
  }

  @Test
  void mapsSyntaxErrorToOneBasedLineAndColumn() {
    // The ':' after "b" on line 2 (column 4, 1-based) is where the parser gives up.
    assertThat(headlines("syntax.yaml", "a: 1\n  b: 2\n"))
        .containsExactly(
            "syntax.yaml:2:4: error: YAML syntax: mapping values are not allowed here");
  }

  @Test
  void mapsUnclosedFlowSequenceToTheTokenThatBreaksIt() {
    List<String> h = headlines("flow.yaml", "a: 1\nb: [1, 2\nc: 3\n");
    assertThat(h).hasSize(1);
    assertThat(h.get(0))
        .isEqualTo(
            "flow.yaml:3:2: error: YAML syntax: expected ',' or ']', but got : (while parsing a flow sequence)");
  }

  @Test
  void syntaxErrorOnTheFirstCharacterIsLine1Column1() {
    List<String> h = headlines("tab.yaml", "\tkey: 1\n");
    assertThat(h).hasSize(1);
    assertThat(h.get(0)).startsWith("tab.yaml:1:1: error: YAML syntax: ").contains("TAB");
  }

  @Test
  void emptyDocumentIsAnError() {
    assertThat(headlines("empty.yaml", ""))
        .containsExactly("empty.yaml:1:1: error: the file holds no YAML document");
    assertThat(headlines("comment.yaml", "# only a comment\n"))
        .containsExactly("comment.yaml:1:1: error: the file holds no YAML document");
  }

  @Test
  void emptyDocumentsAreSkippedByLoadAll() {
    assertThat(YamlLoader.loadAll("e.yaml", "")).isEmpty();
    assertThat(YamlLoader.loadAll("two.yaml", "a: 1\n---\nb: 2\n")).hasSize(2);
  }

  @Test
  void severalDocumentsAreAnErrorAtTheSecond() {
    assertThat(headlines("multi.yaml", "a: 1\n---\nb: 2\n"))
        .containsExactly("multi.yaml:3:1: error: expected one YAML document, found several");
  }

  @Test
  void keepsPositionsAndCoreSchemaKinds() {
    Node.MapNode m =
        (Node.MapNode) YamlLoader.load("k.yaml", "port: 10250\nq: \"0\"\nb: yes\nt: true\nn: ~\n");
    Node.Scalar port = (Node.Scalar) m.get("port");
    assertThat(port.position().toString()).isEqualTo("k.yaml:1:7");
    assertThat(port.tag()).isEqualTo("int");
    assertThat(((Node.Scalar) m.get("q")).describe()).isEqualTo("a string");
    assertThat(((Node.Scalar) m.get("b")).tag()).as("YAML 1.2: yes is a string").isEqualTo("str");
    assertThat(((Node.Scalar) m.get("t")).tag()).isEqualTo("bool");
    assertThat(((Node.Scalar) m.get("n")).isNull()).isTrue();
    assertThat(m.entries().get("q").keyPosition().toString()).isEqualTo("k.yaml:2:1");
  }
}
