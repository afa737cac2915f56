package dev.kubeharden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher beside the jar (target/kubeharden) with its class-data-sharing archive, as a real
 * process: output must be exactly what the jar prints, with or without a usable archive.
 */
class LauncherIT {
  @TempDir Path tmp;

  private static Path target() {
    return Path.of(System.getProperty("kubeharden.jar")).getParent();
  }

  private String[] run(Path launcher, String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "sh";
    cmd[1] = launcher.toString();
    System.arraycopy(args, 0, cmd, 2, args.length);
    Path out = tmp.resolve(".out");
    Path err = tmp.resolve(".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    pb.environment()
        .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
    return new String[] {
      String.valueOf(p.exitValue()),
      Files.readString(out, StandardCharsets.UTF_8),
      Files.readString(err, StandardCharsets.UTF_8)
    };
  }

  @Test
  void launcherAndArchiveAreBuiltBesideTheJar() {
    assertThat(target().resolve("kubeharden")).isRegularFile();
    assertThat(target().resolve("kubeharden.jsa")).isRegularFile();
  }

  @Test
  void printsOnlyWhatTheJarPrints() throws Exception {
    String[] r = run(target().resolve("kubeharden"), "--version");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).startsWith("kubeharden ").hasLineCount(1);
    assertThat(r[2]).isEmpty();
  }

  @Test
  void anArchiveThatDoesNotFitIsIgnoredSilently() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("moved"));
    for (String f : new String[] {"kubeharden", "kubeharden.jar", "kubeharden.jsa"}) {
      Files.copy(target().resolve(f), copy.resolve(f));
    }
    String[] r = run(copy.resolve("kubeharden"), "--version");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).startsWith("kubeharden ").hasLineCount(1);
    assertThat(r[2]).isEmpty();
  }
}
