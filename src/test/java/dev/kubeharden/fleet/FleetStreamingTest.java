package dev.kubeharden.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.render.Templates;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate --inventory writes each configuration's pools as soon as they are rendered, into a
 * staging directory that replaces the output in one switch at the end: the tree is exactly the one
 * built in memory, and a problem in any pool, or an output that may not be replaced, leaves nothing
 * written, not even a staging directory or a parent directory.
 */
class FleetStreamingTest {
  private static final String GOLDEN = "src/test/resources/fleet/golden/inventory.yaml";
  private static final String BAD_POOLS = "src/test/resources/fleet/errors/resolve-errors.yaml";

  @TempDir Path tmp;

  private static CliRun generate(String inventory, Path out) {
    return CliRun.run("generate", "--inventory", inventory, "--out", out.toString());
  }

  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
    return out;
  }

  private List<String> tmpEntries() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theStreamedTreeIsTheOneBuiltInMemory() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r = generate(GOLDEN, out);
    r.assertOk();
    FleetService fleets = new FleetService(new ProfileCatalog(), new Templates(null));
    Map<String, String> built =
        fleets.build(fleets.load(Path.of(GOLDEN)), FleetService.Progress.NONE).bundle().files();
    assertThat(files(out)).isEqualTo(new TreeMap<>(built));
    assertThat(r.out()).startsWith("wrote " + built.size() + " files to " + out + ": ");
    assertThat(tmpEntries()).containsExactly("out");
  }

  @Test
  void aPoolThatFailsWritesNothingNotEvenTheParentDirectories() throws IOException {
    Path out = tmp.resolve("a/b/out");
    CliRun r = generate(BAD_POOLS, out);
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
    assertThat(r.err()).endsWith("; nothing was written\n");
    assertThat(tmpEntries()).isEmpty();
  }

  @Test
  void aPoolThatFailsLeavesThePreviousFleetAsItWas() throws IOException {
    Path out = tmp.resolve("out");
    generate(GOLDEN, out).assertOk();
    Map<String, String> before = files(out);
    CliRun r = generate(BAD_POOLS, out);
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
    assertThat(files(out)).isEqualTo(before);
    assertThat(tmpEntries()).containsExactly("out");
  }

  @Test
  void anOutputThatMayNotBeReplacedIsRefusedAfterThePoolsProblemsAndGetsNothing()
      throws IOException {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("notes.txt"), "mine\n");
    CliRun bad = generate(BAD_POOLS, out);
    assertThat(bad.code()).as("the inventory's problems come first").isEqualTo(3);
    CliRun good = generate(GOLDEN, out);
    assertThat(good.failure())
        .startsWith("kubeharden: " + out.toAbsolutePath().normalize() + " is not empty");
    assertThat(files(out)).containsOnlyKeys("notes.txt");
    assertThat(tmpEntries()).containsExactly("out");
  }
}
