package dev.kubeharden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
  @Test
  void splitsCommandsAtThenAndDropsEmptyOnes() {
    List<String[]> commands =
        Training.commands(
            new String[] {
              "--then", "generate", "--out", "a", "--then", "--then", "version", "--then"
            });
    assertEquals(2, commands.size());
    assertEquals(List.of("generate", "--out", "a"), List.of(commands.get(0)));
    assertEquals(List.of("version"), List.of(commands.get(1)));
  }

  @Test
  void runsEveryCommandInOneJvm(@TempDir Path dir) {
    Training.main(
        new String[] {
          "generate",
          "--out",
          dir.resolve("a").toString(),
          "--then",
          "generate",
          "--out",
          dir.resolve("b").toString()
        });
    assertTrue(Files.isRegularFile(dir.resolve("a/report.json")));
    assertTrue(Files.isRegularFile(dir.resolve("b/report.json")));
  }

  @Test
  void aCommandThatFailsFailsTheTraining() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Training.main(new String[] {"generate", "--no-such-option"}));
    assertTrue(e.getMessage().startsWith("training command exited 2: generate"), e.getMessage());
  }
}
