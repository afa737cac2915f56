package dev.kubeharden.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regenerating replaces only what the previous bundle wrote: the files its report.json lists, each
 * with the content whose hash it records. Anything else in the directory makes kubeharden refuse,
 * naming the entries, and change nothing (issue 17, data loss 1).
 */
class BundleWriterTest {
  @TempDir Path tmp;

  private Path generated() {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.run("generate", "-p", "baseline", "--out", out.toString());
    r.assertOk();
    return out;
  }

  private static CliRun regenerate(Path out) {
    return CliRun.run("generate", "-p", "cis", "--out", out.toString());
  }

  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = dir.relativize(p).toString();
        out.put(rel, Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
      }
    }
    return out;
  }

  private static String sha256(String text) throws NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private void assertRefusedNaming(Path out, String... entries) throws IOException {
    assertRefusedNaming(() -> regenerate(out), out, entries);
  }

  /** {@code run} refuses to replace {@code out}, naming {@code entries}, and changes nothing. */
  private void assertRefusedNaming(Supplier<CliRun> run, Path out, String... entries)
      throws IOException {
    Map<String, String> before = snapshot(out);
    CliRun r = run.get();
    String line = r.failure();
    assertThat(r.out()).isEmpty();
    assertThat(line).startsWith("kubeharden: " + out.toAbsolutePath().normalize() + ": ");
    assertThat(line).contains(entries).contains("refusing to replace it");
    assertThat(snapshot(out)).isEqualTo(before);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void reportJsonRecordsTheHashOfEveryOtherFile() throws Exception {
    Path out = generated();
    String report = Files.readString(out.resolve("report.json"));
    assertThat(report).contains("\"sha256\": {");
    String md = Files.readString(out.resolve("REPORT.md"));
    assertThat(report).contains("\"REPORT.md\": \"" + sha256(md) + "\"");
    assertThat(report).doesNotContain("\"report.json\": \"");
  }

  @Test
  void replacesAPreviousBundleAndDropsFilesItNoLongerHas() throws IOException {
    Path out = generated();
    CliRun r = regenerate(out);
    r.assertOk();
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"profile\": \"cis");
  }

  @Test
  void refusesABundleUnderGitAndNamesWhatTheUserAdded() throws IOException {
    Path out = generated();
    Files.createDirectories(out.resolve(".git/objects"));
    Files.writeString(out.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(out.resolve("NOTES.md"), "my notes\n");
    Files.createDirectories(out.resolve("mine"));
    Files.writeString(out.resolve("mine/keep.txt"), "keep\n");
    Files.createDirectories(out.resolve("node/etc/extra"));
    assertRefusedNaming(out, ".git/", "NOTES.md", "mine/", "node/etc/extra/");
  }

  @Test
  void refusesABundleFileTheUserChanged() throws IOException {
    Path out = generated();
    Path config = out.resolve("standalone/var/lib/kubelet/config.yaml");
    Files.writeString(config, Files.readString(config) + "# local fix\n");
    assertRefusedNaming(out, "standalone/var/lib/kubelet/config.yaml", "changed");
  }

  @Test
  void refusesAHandMadeReportJsonHoldingTheMarker() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("important.txt"), "precious\n");
    Files.writeString(
        out.resolve("report.json"),
        "{\"generator\": \"kubeharden\", \"files\": [\"important.txt\", \"report.json\"]}\n");
    assertRefusedNaming(out, "report.json");
  }

  @Test
  void refusesAHandMadeManifestWhoseHashesDoNotMatch() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("important.txt"), "precious\n");
    Files.writeString(
        out.resolve("report.json"),
        "{\"generator\": \"kubeharden\", \"files\": [\"important.txt\", \"report.json\"],"
            + " \"sha256\": {\"important.txt\": \""
            + "0".repeat(64)
            + "\"}}\n");
    assertRefusedNaming(out, "important.txt");
  }

  @Test
  void refusesAManifestThatListsPathsOutsideTheDirectory() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(tmp.resolve("outside.txt"), "x\n");
    Files.writeString(
        out.resolve("report.json"),
        "{\"generator\": \"kubeharden\", \"files\": [\"../outside.txt\", \"report.json\"],"
            + " \"sha256\": {\"../outside.txt\": \""
            + sha256("x\n")
            + "\"}}\n");
    assertRefusedNaming(out, "../outside.txt");
    assertThat(tmp.resolve("outside.txt")).hasContent("x");
  }

  @Test
  void refusesAFileWhoseNameHoldsABackslashWhereTheManifestListsASubdirectory() throws Exception {
    // on Linux a\b is one file name, not the listed a/b: it is the user's, and kept
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("a\\b"), "precious\n");
    Files.writeString(
        out.resolve("report.json"),
        "{\"generator\": \"kubeharden\", \"files\": [\"a/b\", \"report.json\"],"
            + " \"sha256\": {\"a/b\": \""
            + sha256("precious\n")
            + "\"}}\n");
    assertRefusedNaming(out, "entries the previous bundle did not write: a\\b");
    assertThat(out.resolve("a\\b")).hasContent("precious");
  }

  @Test
  void refusesASymlinkInsideTheBundle() throws IOException {
    Path out = generated();
    Files.createSymbolicLink(out.resolve("link"), tmp);
    assertRefusedNaming(out, "link");
  }

  @Test
  void refusesAFleetTreeWithAUserFile() throws IOException {
    Path out = tmp.resolve("fleet");
    Path inventory = Path.of("src/test/resources/fleet/golden/inventory.yaml");
    CliRun.run("generate", "--inventory", inventory.toString(), "--out", out.toString()).assertOk();
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"sha256\": {");
    CliRun.run("generate", "--inventory", inventory.toString(), "--out", out.toString()).assertOk();
    Files.writeString(out.resolve("prod-eu/NOTES.md"), "mine\n");
    Map<String, String> before = snapshot(out);
    CliRun r = CliRun.run("generate", "--inventory", inventory.toString(), "--out", out.toString());
    assertThat(r.failure()).contains("prod-eu/NOTES.md");
    assertThat(snapshot(out)).isEqualTo(before);
  }

  private Path fleet(String inventory) throws IOException {
    Path file = tmp.resolve("inventory.yaml");
    Files.writeString(file, inventory);
    return file;
  }

  private static CliRun generateFleet(Path inventory, Path out) {
    return CliRun.run("generate", "--inventory", inventory.toString(), "--out", out.toString());
  }

  private static final Path GOLDEN = Path.of("src/test/resources/fleet/golden/inventory.yaml");

  /** Generating the fleet of {@code inventory} into {@code out} is refused, naming entries. */
  private void assertFleetRefusedNaming(String inventory, Path out, String... entries)
      throws IOException {
    Path file = fleet(inventory);
    assertRefusedNaming(() -> generateFleet(file, out), out, entries);
  }

  @Test
  void refusesAFleetFileTheUserChangedThatTheNewFleetWritesAgainUnchanged() throws IOException {
    Path out = tmp.resolve("fleet");
    generateFleet(GOLDEN, out).assertOk();
    Path config = out.resolve("staging/spare/standalone/var/lib/kubelet/config.yaml");
    Files.writeString(config, Files.readString(config) + "# local fix\n");
    assertFleetRefusedNaming(
        Files.readString(GOLDEN),
        out,
        "files changed since kubeharden wrote them: staging/spare/standalone/var/lib/kubelet/config.yaml");
  }

  @Test
  void refusesAFleetFileTheUserChangedWhenTheNewFleetDropsOrRewritesIt() throws IOException {
    Path out = tmp.resolve("fleet");
    generateFleet(GOLDEN, out).assertOk();
    // the same length, other bytes: found by the hash, not by the size
    Path spare = out.resolve("staging/spare/standalone/var/lib/kubelet/config.yaml");
    String text = Files.readString(spare);
    String edited = text.replace("Generated by kubeharden", "Generated by KUBEHARDEN");
    assertThat(edited).isNotEqualTo(text).hasSameSizeAs(text);
    Files.writeString(spare, edited);
    Path batch = out.resolve("prod-us/batch/standalone/var/lib/kubelet/config.yaml");
    Files.writeString(batch, Files.readString(batch) + "# tuned by hand\n");
    String inventory =
        Files.readString(GOLDEN)
            .replace("      - name: spare\n", "")
            .replace("maxPods: 250", "maxPods: 200");
    assertThat(inventory).isNotEqualTo(Files.readString(GOLDEN));
    assertFleetRefusedNaming(
        inventory,
        out,
        "files changed since kubeharden wrote them: prod-us/batch/standalone/var/lib/kubelet/config.yaml,"
            + " staging/spare/standalone/var/lib/kubelet/config.yaml");
  }

  @Test
  void refusesAFleetTreeNamingForeignEntriesAndChangedFilesAtOnce() throws IOException {
    Path out = tmp.resolve("fleet");
    generateFleet(GOLDEN, out).assertOk();
    Files.writeString(out.resolve("prod-eu/NOTES.md"), "mine\n");
    Path md = out.resolve("REPORT.md");
    Files.writeString(md, Files.readString(md) + "\nedited\n");
    assertFleetRefusedNaming(
        Files.readString(GOLDEN),
        out,
        "it holds entries the previous bundle did not write: prod-eu/NOTES.md; files changed since"
            + " kubeharden wrote them: REPORT.md");
  }

  @Test
  void replacesAnUnchangedFleetAndDropsThePoolsItNoLongerHas() throws IOException {
    Path out = tmp.resolve("fleet");
    generateFleet(GOLDEN, out).assertOk();
    generateFleet(fleet(Files.readString(GOLDEN).replace("      - name: spare\n", "")), out)
        .assertOk();
    assertThat(out.resolve("staging/general")).isDirectory();
    assertThat(out.resolve("staging/spare")).doesNotExist();
  }

  @Test
  void refusesAReportJsonThatIsNotStrictJson() throws IOException {
    Path out = generated();
    Path report = out.resolve("report.json");
    String json = Files.readString(report);
    // a second manifest after the first: JSON readers disagree on which one counts
    Files.writeString(
        report,
        json.replaceFirst("\\{", "{\"sha256\": {\"REPORT.md\": \"" + "0".repeat(64) + "\"},"));
    assertRefusedNaming(out, "report.json is not a kubeharden report");
    Files.writeString(report, json.replaceFirst("\n}\n$", ",\n}\n"));
    assertRefusedNaming(out, "report.json is not a kubeharden report");
  }

  @Test
  void deletesAWideTreeOnEveryCoreWithoutFollowingLinks() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "keep\n");
    Path root = Files.createDirectories(tmp.resolve("old"));
    for (int c = 0; c < 40; c++) {
      Path pool = Files.createDirectories(root.resolve("cluster-" + c + "/pool/node/etc"));
      Files.writeString(pool.resolve("kubelet.conf"), "x\n");
      Files.writeString(root.resolve("cluster-" + c + "/report.json"), "{}\n");
    }
    Files.createSymbolicLink(root.resolve("cluster-7/pool/link"), outside);
    Files.createSymbolicLink(root.resolve("link"), outside);
    Files.writeString(root.resolve("REPORT.md"), "# fleet\n");
    BundleWriter.deleteTree(root);
    assertThat(root).doesNotExist();
    assertThat(outside.resolve("keep.txt")).hasContent("keep");
  }
}
