package dev.kubeharden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the main code to the package order docs/ARCHITECTURE.md states: a package uses only the
 * packages listed after it (so there is no cycle and nothing reaches upward), and each library is
 * used in one package only. Imports and fully qualified names both count; comments do not.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/dev/kubeharden");
  private static final Pattern ORDER_LINE =
      Pattern.compile("Top to bottom, a package uses only those after it: (.+?)\\.");
  private static final Pattern OWN = Pattern.compile("\\bdev\\.kubeharden\\.([a-z]+)\\.");
  private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  /** Each library's package prefix and the one kubeharden package that may use it. */
  private static final Map<String, String> LIBRARIES =
      Map.of(
          "org.yaml.snakeyaml", "yaml",
          "com.github.mustachejava", "render",
          "picocli", "cli",
          "me.tongfei.progressbar", "cli",
          "org.eclipse.jgit", "publish",
          "org.apache.sshd", "publish",
          "com.fasterxml.jackson", "publish",
          "com.github.difflib", "write");

  private static List<String> order() throws IOException {
    String doc = Files.readString(Path.of("docs/ARCHITECTURE.md"), StandardCharsets.UTF_8);
    Matcher m = ORDER_LINE.matcher(doc.replace("\n", " "));
    assertThat(m.find()).as("docs/ARCHITECTURE.md states the package order").isTrue();
    List<String> out = new ArrayList<>();
    Matcher names = Pattern.compile("`([a-z]+)`").matcher(m.group(1));
    while (names.find()) {
      out.add(names.group(1));
    }
    return out;
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String packageOf(Path source) {
    return MAIN.relativize(source).getName(0).toString();
  }

  private static String code(Path source) throws IOException {
    return COMMENTS.matcher(Files.readString(source, StandardCharsets.UTF_8)).replaceAll(" ");
  }

  @Test
  void everyPackageIsInTheOrder() throws IOException {
    TreeSet<String> packages = new TreeSet<>();
    for (Path p : sources()) {
      if (MAIN.relativize(p).getNameCount() > 1) {
        packages.add(packageOf(p));
      }
    }
    assertThat(new TreeSet<>(order())).isEqualTo(packages);
  }

  @Test
  void aPackageUsesOnlyThePackagesAfterIt() throws IOException {
    List<String> order = order();
    List<String> upward = new ArrayList<>();
    for (Path p : sources()) {
      if (MAIN.relativize(p).getNameCount() < 2) {
        continue;
      }
      String from = packageOf(p);
      Matcher m = OWN.matcher(code(p));
      TreeSet<String> used = new TreeSet<>();
      while (m.find()) {
        used.add(m.group(1));
      }
      for (String to : used) {
        if (!to.equals(from) && order.indexOf(to) <= order.indexOf(from)) {
          upward.add(MAIN.relativize(p) + " uses " + to);
        }
      }
    }
    assertThat(upward).as("uses of a package at or above one's own").isEmpty();
  }

  @Test
  void eachLibraryIsUsedInOnePackage() throws IOException {
    List<String> outside = new ArrayList<>();
    for (Path p : sources()) {
      String text = code(p);
      String pkg = MAIN.relativize(p).getNameCount() > 1 ? packageOf(p) : "(root)";
      LIBRARIES.forEach(
          (library, owner) -> {
            if (!pkg.equals(owner)
                && Pattern.compile("\\b" + Pattern.quote(library) + "\\.").matcher(text).find()) {
              outside.add(MAIN.relativize(p) + " uses " + library + " (only " + owner + " may)");
            }
          });
    }
    assertThat(outside).isEmpty();
  }
}
