package dev.kubeharden.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeharden.testing.CliRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the generated kubelet.service drop-in with {@code systemd-analyze verify}: a minimal
 * kubelet.service and the bundle's {@code kubelet.service.d/20-kubeharden.conf} are placed in a
 * temporary unit directory, found through SYSTEMD_UNIT_PATH, and the unit is verified by path. The
 * drop-in's ExecStart points (through --var kubeletPath) at a fake kubelet script, because verify
 * checks that the command is executable. Skipped when systemd-analyze is not installed, or when it
 * does not report a deliberately broken drop-in (then it cannot check anything here).
 */
class SystemdDropInIT {
  private static final String DROP_IN =
      "node/etc/systemd/system/kubelet.service.d/20-kubeharden.conf";
  private static Path systemdAnalyze;

  @TempDir Path tmp;

  record Result(int code, String output) {}

  @BeforeAll
  static void findSystemdAnalyze() {
    for (String dir :
        System.getenv()
            .getOrDefault("PATH", "")
            .split(java.util.regex.Pattern.quote(File.pathSeparator), -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, "systemd-analyze");
      if (Files.isExecutable(p)) {
        systemdAnalyze = p;
        return;
      }
    }
  }

  private Result verify(Path unitDir) throws IOException, InterruptedException {
    Path log = tmp.resolve("verify.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                systemdAnalyze.toString(),
                "verify",
                "--no-pager",
                unitDir.resolve("kubelet.service").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // A trailing ':' appends the built-in search path, which verify needs for its own units.
    pb.environment().put("SYSTEMD_UNIT_PATH", unitDir + ":");
    pb.environment().put("SYSTEMD_LOG_COLOR", "0");
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("systemd-analyze verify did not finish within 60 s");
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static List<String> problems(String output) {
    return output
        .lines()
        .filter(
            l ->
                l.contains("Unknown key")
                    || l.contains("Unknown section")
                    || l.contains("Invalid")
                    || l.contains("invalid")
                    || l.contains("Failed")
                    || l.contains("not executable")
                    || l.contains("Missing")
                    || l.contains("ignoring")
                    || l.contains("Ignoring"))
        .toList();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @ValueSource(strings = {"1.29", "1.36"})
  void generatedDropInPassesSystemdAnalyzeVerify(String k8sVersion) throws Exception {
    assumeTrue(
        systemdAnalyze != null,
        "systemd-analyze is not on PATH; the systemd drop-in is not verified");

    Path fakeKubelet = tmp.resolve("bin/kubelet");
    Files.createDirectories(fakeKubelet.getParent());
    Files.writeString(fakeKubelet, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(fakeKubelet, PosixFilePermissions.fromString("rwxr-xr-x"));

    Path bundle = tmp.resolve("bundle");
    CliRun gen =
        CliRun.run(
            "generate",
            "--profile",
            "baseline",
            "--k8s-version",
            k8sVersion,
            "--out",
            bundle.toString(),
            "--var",
            "kubeletPath=" + fakeKubelet);
    assertThat(gen.code()).as("generate; stderr:%n%s", gen.err()).isEqualTo(0);
    String dropIn = Files.readString(bundle.resolve(DROP_IN));
    assertThat(dropIn).contains("\nExecStart=\nExecStart=" + fakeKubelet + " ");

    Path units = tmp.resolve("units");
    Files.createDirectories(units.resolve("kubelet.service.d"));
    // Like the kubelet.service of the Kubernetes packages, with an ExecStart the drop-in must
    // reset.
    Files.writeString(
        units.resolve("kubelet.service"),
        "[Unit]\n"
            + "Description=kubelet: The Kubernetes Node Agent (test unit)\n"
            + "\n"
            + "[Service]\n"
            + "ExecStart="
            + fakeKubelet
            + "\n"
            + "Restart=always\n"
            + "RestartSec=10\n"
            + "\n"
            + "[Install]\n"
            + "WantedBy=multi-user.target\n");
    Path installed = units.resolve("kubelet.service.d/20-kubeharden.conf");

    // First make sure this systemd-analyze really reads the drop-in and reports problems in it.
    Files.writeString(installed, dropIn + "NotAServiceKey=1\n");
    Result broken = verify(units);
    assumeTrue(
        broken.output().contains("20-kubeharden.conf") && broken.output().contains("Unknown key"),
        "systemd-analyze verify does not report problems of a drop-in here, so it cannot check ours:\n"
            + broken.output());

    Files.writeString(installed, dropIn);
    Result r = verify(units);
    assertThat(problems(r.output())).as("systemd-analyze verify output:%n%s", r.output()).isEmpty();
    assertThat(r.code())
        .as("systemd-analyze verify exit code; output:%n%s", r.output())
        .isEqualTo(0);
  }
}
