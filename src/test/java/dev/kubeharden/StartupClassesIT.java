package dev.kubeharden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command loads only what it needs: the packaged jar's default generate, with the JVM's class
 * loading log, loads nothing of diff, pr, fleets or node inspection, and none of the libraries
 * behind them.
 */
class StartupClassesIT {
  @TempDir Path tmp;

  private List<String> classesLoadedBy(String... args) throws Exception {
    Path log = tmp.resolve("classes.log");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log,
                "-jar",
                System.getProperty("kubeharden.jar")));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectOutput(tmp.resolve("out").toFile())
            .redirectError(tmp.resolve("err").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
    assertThat(p.exitValue()).as("exit; stderr: %s", Files.readString(tmp.resolve("err"))).isZero();
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(" source: "))
        .map(l -> l.substring(l.indexOf("] ") + 2, l.indexOf(" source: ")))
        .toList();
  }

  @Test
  void generateLoadsNothingOfTheOtherCommands() throws Exception {
    List<String> loaded = classesLoadedBy("generate", "--out", tmp.resolve("out-dir").toString());
    assertThat(loaded).contains("dev.kubeharden.cli.GenerateCommand");
    assertThat(loaded)
        .noneMatch(
            c ->
                c.startsWith("dev.kubeharden.diff.")
                    || c.startsWith("dev.kubeharden.publish.")
                    || c.startsWith("dev.kubeharden.fleet.")
                    || c.startsWith("dev.kubeharden.inspect.")
                    || c.startsWith("dev.kubeharden.cli.DiffCommand")
                    || c.startsWith("dev.kubeharden.cli.PrCommand")
                    || c.startsWith("dev.kubeharden.cli.CompletionCommand")
                    || c.startsWith("picocli.AutoComplete")
                    || c.startsWith("org.eclipse.")
                    || c.startsWith("org.apache.sshd.")
                    || c.startsWith("com.fasterxml.")
                    || c.startsWith("com.github.difflib.")
                    || c.startsWith("me.tongfei."));
  }
}
