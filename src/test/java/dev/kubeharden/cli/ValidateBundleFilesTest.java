package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate accepts every file generate writes, and checks it. */
class ValidateBundleFilesTest {
  @TempDir Path tmp;

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
    }
  }

  private static CliRun validate(List<String> files) {
    List<String> args = new ArrayList<>(List.of("validate"));
    args.addAll(files);
    return CliRun.run(args);
  }

  @Test
  void everyFileOfTheDefaultAndTheStrictBundleValidates() throws Exception {
    for (String profile : List.of("cis", "strict")) {
      Path out = tmp.resolve(profile);
      assertThat(CliRun.run("generate", "-q", "--profile", profile, "--out", out.toString()).code())
          .isZero();
      List<String> files = files(out);
      CliRun r = validate(files);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out().lines()).hasSize(files.size()).allMatch(l -> l.contains(": ok ("));
      assertThat(r.out())
          .contains("kustomization.yaml: ok (Kustomization)")
          .contains("kubeadm-clusterconfiguration.yaml: ok (ClusterConfiguration)")
          .contains("20-kubeharden.conf: ok (systemd drop-in)")
          .contains("kube-apiserver.flags: ok (kube-apiserver flags)")
          .contains("report.json: ok (kubeharden report.json (kubeharden.dev/report/v1))");
    }
    assertThat(
            validate(List.of(tmp.resolve("strict/node/etc/sysctl.d/90-kubeharden.conf").toString()))
                .out())
        .contains("ok (sysctl.d file)");
  }

  @Test
  void everyFileOfAFleetValidates() throws Exception {
    Path out = tmp.resolve("fleet");
    CliRun g =
        CliRun.run(
            "generate",
            "-q",
            "--inventory",
            "src/test/resources/fleet/golden/inventory.yaml",
            "--out",
            out.toString());
    assertThat(g.code()).as(g.err()).isZero();
    CliRun r = validate(files(out));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("report.json: ok (kubeharden report.json (kubeharden.dev/fleet-report/v1))");
  }

  @Test
  void theChecksFindWhatIsWrong() throws Exception {
    Path out = tmp.resolve("out");
    CliRun.run("generate", "-q", "--out", out.toString());
    Path kust = out.resolve("cluster/kustomization.yaml");
    Files.writeString(
        kust, Files.readString(kust).replace("- \"rbac.yaml\"", "- \"rbac.yml\"\nresource: []"));
    CliRun k = validate(List.of(kust.toString()));
    assertThat(k.code()).isEqualTo(3);
    assertThat(k.errorLines())
        .containsExactly(
            kust + ":7:3: error: resource rbac.yml: no such file",
            kust
                + ":8:1: error: unknown Kustomization field \"resource\"; did you mean \"resources\"?");
    Path kubeadm = out.resolve("control-plane/kubeadm-clusterconfiguration.yaml");
    Files.writeString(
        kubeadm,
        Files.readString(kubeadm).replace("value: \"Node,RBAC\"", "value: \"AlwaysAllow\""));
    assertThat(validate(List.of(kubeadm.toString())).errorLines())
        .singleElement()
        .asString()
        .endsWith("error: authorization-mode includes AlwaysAllow");
    Path tmpfiles = out.resolve("node/etc/tmpfiles.d/kubeharden.conf");
    Files.writeString(tmpfiles, Files.readString(tmpfiles) + "z relative/path - root root -\n");
    assertThat(validate(List.of(tmpfiles.toString())).code()).isEqualTo(3);
    Path report = out.resolve("REPORT.md");
    Files.writeString(report, Files.readString(report) + "| x | ${clientCAFile} &lt; |\n");
    assertThat(validate(List.of(report.toString())).errorLines())
        .anyMatch(l -> l.endsWith("error: unresolved template text"))
        .anyMatch(l -> l.endsWith("error: HTML entity &lt;"));
    assertThat(validate(List.of(out.resolve("report.json").toString())).errorLines())
        .anyMatch(l -> l.contains("REPORT.md differs from what this report recorded"));
  }
}
