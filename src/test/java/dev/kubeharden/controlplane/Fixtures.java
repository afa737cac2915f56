package dev.kubeharden.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import dev.kubeharden.yaml.YamlLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test fixtures under src/test/resources/controlplane/ and the golden bundles, loaded the way
 * validate loads them.
 */
final class Fixtures {
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  private Fixtures() {}

  static Path file(String name) {
    URL url = Fixtures.class.getResource("/controlplane/" + name);
    assertThat(url).as("test resource controlplane/%s", name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Node> docs(Path p) {
    try {
      return YamlLoader.loadAll(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Node doc(Path p) {
    List<Node> d = docs(p);
    assertThat(d).as("documents in %s", p).hasSize(1);
    return d.get(0);
  }

  static List<String> headlines(List<Problem> problems) {
    assertThat(problems).allMatch(Problem::isError);
    return problems.stream().map(Problem::headline).toList();
  }

  /** Golden case names (the folders under src/test/resources/golden). */
  /**
   * The golden bundles that hold the control-plane files (every one generated with the node
   * target).
   */
  static List<String> goldens() {
    try (var s = Files.list(GOLDEN)) {
      return s.filter(p -> Files.isDirectory(p.resolve("expected/control-plane")))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path golden(String name, String file) {
    Path p = GOLDEN.resolve(name).resolve("expected").resolve(file);
    assertThat(p).as("golden file").isRegularFile();
    return p;
  }
}
