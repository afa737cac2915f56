package dev.kubeharden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher beside the jar (target/kubeharden) with its class-data-sharing archive and, when the
 * build had a Java 25+ JVM, its ahead-of-time cache, as a real process: it starts from the archive
 * that fits the JVM, and output is exactly what the jar prints, with or without a usable archive.
 */
class LauncherIT {
  @TempDir Path tmp;

  private static Path target() {
    return Path.of(System.getProperty("kubeharden.jar")).getParent();
  }

  private record Run(String code, String out, String err, List<String> classes) {}

  /** Runs the launcher with {@code javaBin} first on the PATH, logging where classes came from. */
  private Run run(Path launcher, Path javaBin, String... args)
      throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "sh";
    cmd[1] = launcher.toString();
    System.arraycopy(args, 0, cmd, 2, args.length);
    Path out = tmp.resolve(".out");
    Path err = tmp.resolve(".err");
    Path log = tmp.resolve(".classes");
    Files.deleteIfExists(log);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", javaBin + ":" + System.getenv("PATH"));
    env.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Run(
        String.valueOf(p.exitValue()),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        Files.readAllLines(log, StandardCharsets.UTF_8));
  }

  private static Path thisJavaBin() {
    return Path.of(System.getProperty("java.home"), "bin");
  }

  /** Where the JVM found a class, from the class-loading log ("shared objects file", a jar...). */
  private static String sourceOf(Run r, String className) {
    return r.classes().stream()
        .filter(l -> l.contains("] " + className + " source: "))
        .map(l -> l.substring(l.indexOf(" source: ") + 9))
        .findFirst()
        .orElseThrow(() -> new AssertionError(className + " was not loaded"));
  }

  private static void assertPrintsTheVersionOnly(Run r) {
    assertThat(r.code()).isEqualTo("0");
    assertThat(r.out()).startsWith("kubeharden ").hasLineCount(1);
    assertThat(r.err()).isEmpty();
  }

  /** A copy of the install in another directory (new modification times, as cp gives). */
  private Path copyInstall(String... files) throws IOException {
    Path copy = Files.createDirectories(tmp.resolve("moved"));
    for (String f : files) {
      Files.copy(target().resolve(f), copy.resolve(f));
    }
    return copy;
  }

  @Test
  void launcherAndArchiveAreBuiltBesideTheJar() {
    assertThat(target().resolve("kubeharden")).isRegularFile();
    assertThat(target().resolve("kubeharden.jsa")).isRegularFile();
  }

  @Test
  void startsFromTheArchiveWithPicocliInIt() throws Exception {
    Run r = run(target().resolve("kubeharden"), thisJavaBin(), "--version");
    assertPrintsTheVersionOnly(r);
    assertThat(sourceOf(r, "dev.kubeharden.Main")).startsWith("shared objects file");
    assertThat(sourceOf(r, "picocli.CommandLine")).startsWith("shared objects file");
  }

  /**
   * The archive is trained on diff and fleets as well as the default generate: their classes are
   * not loaded and verified from the jar on every run.
   */
  @Test
  void diffAndFleetClassesComeFromTheArchive() throws Exception {
    Path node = Path.of("src/test/resources/diff/kubeadm").toAbsolutePath();
    Run diff =
        run(
            target().resolve("kubeharden"),
            thisJavaBin(),
            "diff",
            "--kubelet-config",
            node.resolve("config.yaml").toString(),
            "--kubelet-args-file",
            node.resolve("10-kubeadm.conf").toString(),
            "--kubelet-args-file",
            node.resolve("kubeadm-flags.env").toString(),
            "--k8s-version",
            "1.34");
    assertThat(diff.code()).as(diff.err()).isEqualTo("4");
    for (String c :
        List.of(
            "dev.kubeharden.inspect.NodeInspector",
            "dev.kubeharden.inspect.KubeletCommandLine",
            "dev.kubeharden.diff.DriftEvaluator",
            "dev.kubeharden.diff.format.DiffText")) {
      assertThat(sourceOf(diff, c)).as(c).startsWith("shared objects file");
    }
    Run fleet =
        run(
            target().resolve("kubeharden"),
            thisJavaBin(),
            "generate",
            "--inventory",
            Path.of("src/test/resources/fleet/golden/inventory.yaml").toAbsolutePath().toString(),
            "--out",
            tmp.resolve("fleet").toString());
    assertThat(fleet.code()).as(fleet.err()).isEqualTo("0");
    assertThat(sourceOf(fleet, "dev.kubeharden.fleet.FleetService"))
        .startsWith("shared objects file");
  }

  @Test
  void startsFromTheAheadOfTimeCacheOnTheJvmThatMadeIt() throws Exception {
    String aotJava = System.getProperty("kubeharden.aot.java", "");
    assumeTrue(
        !aotJava.isBlank() && Files.isRegularFile(target().resolve("kubeharden.aot")),
        "no ahead-of-time cache (package with a Java 25+ JVM or -Dkubeharden.aot.java=...)");
    Run r = run(target().resolve("kubeharden"), Path.of(aotJava).getParent(), "--version");
    assertPrintsTheVersionOnly(r);
    assertThat(sourceOf(r, "dev.kubeharden.Main")).startsWith("shared objects file");
  }

  @Test
  void aMovedInstallRunsWithoutTheArchiveSilently() throws Exception {
    Path copy = copyInstall("kubeharden", "kubeharden.jar", "kubeharden.jsa");
    Run r = run(copy.resolve("kubeharden"), thisJavaBin(), "--version");
    assertPrintsTheVersionOnly(r);
    assertThat(sourceOf(r, "dev.kubeharden.Main")).doesNotStartWith("shared objects file");
  }

  @Test
  void anArchiveTheJvmRejectsIsIgnoredSilently() throws Exception {
    Path copy = copyInstall("kubeharden.jar");
    String launcher = Files.readString(target().resolve("kubeharden"), StandardCharsets.UTF_8);
    String built = launcher.replaceAll("(?m)^built_in='.*'$", "built_in='" + copy + "'");
    assertThat(built).isNotEqualTo(launcher);
    Files.writeString(copy.resolve("kubeharden"), built, StandardCharsets.UTF_8);
    Files.write(copy.resolve("kubeharden.jsa"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Run garbage = run(copy.resolve("kubeharden"), thisJavaBin(), "--version");
    assertPrintsTheVersionOnly(garbage);
    // The archive of another jar (this one was made for target/kubeharden.jar).
    Files.copy(
        target().resolve("kubeharden.jsa"),
        copy.resolve("kubeharden.jsa"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(
        copy.resolve("kubeharden.jsa"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Run otherJar = run(copy.resolve("kubeharden"), thisJavaBin(), "--version");
    assertPrintsTheVersionOnly(otherJar);
    assertThat(sourceOf(otherJar, "dev.kubeharden.Main")).doesNotStartWith("shared objects file");
  }

  @Test
  void anArchiveOlderThanTheJarIsNotUsed() throws Exception {
    Path copy = copyInstall("kubeharden.jar", "kubeharden.jsa");
    String launcher = Files.readString(target().resolve("kubeharden"), StandardCharsets.UTF_8);
    Files.writeString(
        copy.resolve("kubeharden"),
        launcher.replaceAll("(?m)^built_in='.*'$", "built_in='" + copy + "'"),
        StandardCharsets.UTF_8);
    Files.setLastModifiedTime(copy.resolve("kubeharden.jsa"), FileTime.fromMillis(0));
    Run r = run(copy.resolve("kubeharden"), thisJavaBin(), "--version");
    assertPrintsTheVersionOnly(r);
    assertThat(sourceOf(r, "dev.kubeharden.Main")).doesNotStartWith("shared objects file");
  }
}
