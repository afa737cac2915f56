package dev.kubeharden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a real process (failsafe sets kubeharden.jar to target/kubeharden.jar). */
class JarIT {
  private static Path jar;

  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void findJar() {
    String prop = System.getProperty("kubeharden.jar");
    assertThat(prop).as("system property kubeharden.jar (set by failsafe)").isNotBlank();
    jar = Path.of(prop);
    assertThat(jar).as("the packaged jar").isRegularFile();
  }

  private Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Path stdout = tmp.resolve(".stdout");
    Path stderr = tmp.resolve(".stderr");
    Process p =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubeharden did not finish within 120 s: " + cmd);
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
    Files.delete(stdout);
    Files.delete(stderr);
    return r;
  }

  /** Runs the jar with stdout on /dev/full: every write to it fails with ENOSPC. */
  private Result runToFullDevice(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Path stderr = tmp.resolve(".stderr");
    Process p =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectOutput(new java.io.File("/dev/full"))
            .redirectError(stderr.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubeharden did not finish within 120 s: " + cmd);
    }
    Result r = new Result(p.exitValue(), "", Files.readString(stderr, StandardCharsets.UTF_8));
    Files.delete(stderr);
    return r;
  }

  @Test
  void aReportThatCannotBeWrittenToStdoutIsARuntimeFailure() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isWritable(Path.of("/dev/full")), "/dev/full is not available here");
    // A full disk under stdout: the report is cut short, so neither 0 nor 4 (drift) may be
    // returned.
    Path node = Path.of("src/test/resources/diff/systemd-flag-undoes").toAbsolutePath();
    for (String format : List.of("text", "json", "sarif", "junit", "markdown")) {
      Result r = runToFullDevice("diff", "--kubelet-config", node.toString(), "--format", format);
      assertThat(r.code()).as(format + "; stderr:%n%s", r.err()).isEqualTo(1);
      assertThat(r.err().lines().filter(l -> !l.startsWith("note: ")))
          .as(format)
          .containsExactly("kubeharden: cannot write the report to standard output");
    }
    Result dry = runToFullDevice("generate", "--dry-run", "--out", tmp.resolve("b").toString());
    assertThat(dry.code()).as("stderr:%n%s", dry.err()).isEqualTo(1);
    assertThat(dry.err().lines().filter(l -> l.startsWith("kubeharden: ")))
        .containsExactly("kubeharden: cannot write to standard output: the output is incomplete");
    Result list = runToFullDevice("profiles", "list");
    assertThat(list.code()).isEqualTo(1);
    assertThat(list.err())
        .isEqualTo("kubeharden: cannot write to standard output: the output is incomplete\n");
  }

  @Test
  void generatesTheBaselineBundle() throws Exception {
    Path out = tmp.resolve("bundle");
    Result r = run("generate", "--profile", "baseline", "--out", out.toString());
    assertThat(r.code()).as("exit code; stderr:%n%s", r.err()).isEqualTo(0);
    assertThat(r.out())
        .isEqualTo(
            "wrote 15 files to "
                + out
                + ": baseline for Kubernetes 1.36 (9 controls, 0 disabled)\n");
    assertThat(r.err().lines()).allMatch(l -> l.startsWith("warning: ") || l.startsWith("note: "));
    assertThat(out.resolve("standalone/var/lib/kubelet/config.yaml")).isRegularFile();
    assertThat(out.resolve("node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf"))
        .isRegularFile();
    assertThat(out.resolve("node/etc/systemd/system/kubelet.service.d/20-kubeharden.conf"))
        .isRegularFile();
    assertThat(out.resolve("node/etc/tmpfiles.d/kubeharden.conf")).isRegularFile();
    assertThat(out.resolve("REPORT.md")).isRegularFile();
    assertThat(out.resolve("report.json")).content().contains("\"generator\": \"kubeharden\"");
    assertThat(out.resolve("standalone/var/lib/kubelet/config.yaml"))
        .content()
        .contains("readOnlyPort: 0  # SEED:1\n");

    Result again = run("generate", "--profile", "baseline", "--out", out.toString(), "--check");
    assertThat(again.code()).isEqualTo(0);
    assertThat(again.out()).startsWith(out + " is up to date: ");
  }

  @Test
  void versionComesFromTheBuild() throws Exception {
    Result r = run("--version");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .matches("kubeharden \\d+\\.\\d+\\.\\d+\\S*\n")
        .doesNotContain("unknown", "${");
  }

  @Test
  void malformedProfileExitsThreeWithPositionsAndNoStackTrace() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: kubeharden.dev/v1alpha1
        kind: HardeningProfile
        metadata:
          name: bad
        extends: [baseline]
        kubelet:
          config:
            port: 70000
            readOnlyPort: "0"
        """);
    Path out = tmp.resolve("bundle");
    Result r = run("generate", "--profile", bad.toString(), "--out", out.toString());
    assertThat(r.code()).as("exit code; stderr:%n%s", r.err()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith(bad + ":8:11: error: port must be between 1 and 65535 (got 70000)\n")
        .contains(bad + ":9:19: error: readOnlyPort must be an integer, not a string\n")
        .endsWith("2 errors; nothing was written\n")
        .doesNotContain("\tat ", "Exception", "internal error");
    assertThat(r.err())
        .containsPattern(
            "(?m)^" + java.util.regex.Pattern.quote(bad.toString()) + ":\\d+:\\d+: error: ");
    assertThat(out).doesNotExist();
  }

  @Test
  void yamlSyntaxErrorExitsThreeWithPositionAndNoStackTrace() throws Exception {
    Path bad = tmp.resolve("broken.yaml");
    Files.writeString(
        bad, "apiVersion: kubeharden.dev/v1alpha1\nkind: [HardeningProfile\nmetadata: {}\n");
    Path out = tmp.resolve("bundle");
    Result r = run("generate", "--profile", bad.toString(), "--out", out.toString());
    assertThat(r.code()).as("exit code; stderr:%n%s", r.err()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .containsPattern(
            "^" + java.util.regex.Pattern.quote(bad.toString()) + ":3:\\d+: error: YAML syntax: ")
        .endsWith("1 error; nothing was written\n")
        .doesNotContain("\tat ", "Exception");
    assertThat(out).doesNotExist();
  }

  @Test
  void foreignOutDirectoryExitsOneWithoutAStackTrace() throws Exception {
    Path foreign = tmp.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("keep.txt"), "mine\n");
    Result r = run("generate", "--profile", "baseline", "--out", foreign.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("refusing to replace it").doesNotContain("\tat ");
    assertThat(foreign.resolve("keep.txt")).hasContent("mine");
    try (var s = Files.list(foreign)) {
      assertThat(s).hasSize(1);
    }
  }
}
