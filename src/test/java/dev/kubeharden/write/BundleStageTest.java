package dev.kubeharden.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle written file by file: nothing is visible in the target until the one switch. */
class BundleStageTest {
  @TempDir Path tmp;

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> tmpEntries() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void filesAppearInTheTargetOnlyAtTheCommit() throws IOException {
    Path out = tmp.resolve("out");
    try (BundleStage stage = BundleStage.open(out)) {
      stage.write("c1/p1/node/etc/a.conf", text("a\n"));
      stage.write("c1/p2/node/etc/a.conf", text("b\n"));
      stage.write("REPORT.md", text("r\n"));
      assertThat(out).doesNotExist();
      assertThat(stage.fileCount()).isEqualTo(3);
      stage.commit();
    }
    assertThat(out.resolve("c1/p2/node/etc/a.conf")).hasContent("b");
    assertThat(out.resolve("REPORT.md")).hasContent("r");
    assertThat(tmpEntries()).containsExactly("out");
  }

  @Test
  void closedWithoutACommitItLeavesNothingNotEvenTheParentsItMade() throws IOException {
    Path out = tmp.resolve("x/y/out");
    try (BundleStage stage = BundleStage.open(out)) {
      stage.write("c1/p1/a.conf", text("a\n"));
      assertThat(tmp.resolve("x/y")).isDirectory();
    }
    assertThat(tmpEntries()).isEmpty();
  }

  @Test
  void refusesToWriteOutsideTheBundle() throws IOException {
    try (BundleStage stage = BundleStage.open(tmp.resolve("out"))) {
      assertThatThrownBy(() -> stage.write("../escape", text("x\n")))
          .isInstanceOf(IOException.class)
          .hasMessage("refusing to write outside the output directory: ../escape");
    }
    assertThat(tmpEntries()).isEmpty();
  }

  @Test
  void theTargetIsCheckedWhenTheStageOpensAndKeptWhenItIsNotABundle() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("mine.txt"), "mine\n");
    assertThatThrownBy(() -> BundleStage.open(out))
        .isInstanceOf(BundleWriter.UnsafeTargetException.class);
    assertThat(out.resolve("mine.txt")).hasContent("mine");
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("mine.txt");
    }
    assertThat(tmpEntries()).containsExactly("out");
  }

  @Test
  void aListedFileRemovedOrReplacedWhileTheStageIsOpenIsHandledAtItsWriteAndAtTheCommit()
      throws IOException {
    Path out = tmp.resolve("out");
    dev.kubeharden.testing.CliRun.run("generate", "-p", "baseline", "--out", out.toString())
        .assertOk();
    String removed = "REPORT.md";
    String writtenOverADirectory = "node/etc/tmpfiles.d/kubeharden.conf";
    String keptADirectory = "standalone/var/lib/kubelet/config.yaml";
    byte[] md = Files.readAllBytes(out.resolve(removed));
    byte[] tmpfiles = Files.readAllBytes(out.resolve(writtenOverADirectory));
    try (BundleStage stage = BundleStage.open(out)) {
      // a user changes the tree while the fleet is being rendered
      Files.delete(out.resolve(removed));
      for (String p : List.of(writtenOverADirectory, keptADirectory)) {
        Files.delete(out.resolve(p));
        Files.writeString(Files.createDirectories(out.resolve(p)).resolve("mine.txt"), "mine\n");
      }
      stage.write(removed, md, dev.kubeharden.render.Manifest.sha256(md));
      stage.write(writtenOverADirectory, tmpfiles, dev.kubeharden.render.Manifest.sha256(tmpfiles));
      assertThatThrownBy(stage::commit)
          .isInstanceOf(BundleWriter.UnsafeTargetException.class)
          .hasMessageContaining(
              "files changed since kubeharden wrote them: "
                  + writtenOverADirectory
                  + ", "
                  + keptADirectory
                  + ";")
          .hasMessageNotContaining(removed);
    }
    assertThat(out.resolve(keptADirectory).resolve("mine.txt")).hasContent("mine");
    assertThat(out.resolve(writtenOverADirectory).resolve("mine.txt")).hasContent("mine");
  }
}
