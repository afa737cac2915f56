package dev.kubeharden.render;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ResolveRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stig and cis file rules applied for real under a temporary root: systemd-tmpfiles with the
 * generated tmpfiles.d file, then the generated ExecStartPre chmod lines. A mode in a control is a
 * maximum: a stricter file (kubeadm writes kubelet.conf 0600; stig allows 0644) must stay as it is,
 * a looser one is tightened.
 */
class FileModesIT {
  @TempDir Path root;

  @Test
  void modesAreMaximaAndNeverLoosenAFile() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/systemd-tmpfiles")),
        "systemd-tmpfiles is not installed");
    Map<String, String> files =
        new GenerateService(new ProfileCatalog(), new Templates(null))
            .build(ResolveRequest.of(List.of("stig"), KubeVersion.DEFAULT))
            .bundle()
            .files();
    Path kubeconfig = file("/etc/kubernetes/kubelet.conf", "rw-------");
    Path config = file("/var/lib/kubelet/config.yaml", "rw-rw-rw-");
    Path ca = file("/etc/kubernetes/pki/ca.crt", "rwxr-xr-x");
    Path tmpfiles = root.resolve("kubeharden.conf");
    Files.writeString(tmpfiles, files.get(NodePaths.inBundle(NodePaths.TMPFILES)));
    run(List.of("/usr/bin/systemd-tmpfiles", "--create", "--root=" + root, tmpfiles.toString()));
    for (String line : files.get(NodePaths.inBundle(NodePaths.SYSTEMD_DROPIN)).lines().toList()) {
      if (line.startsWith("ExecStartPre=-")) {
        List<String> argv = new ArrayList<>();
        for (String w : line.substring("ExecStartPre=-".length()).split(" ", -1)) {
          argv.add(w.startsWith("/") && argv.size() > 1 ? root + w : w);
        }
        run(argv);
      }
    }
    assertThat(mode(kubeconfig)).as("stricter than stig's 0644: kept").isEqualTo("rw-------");
    assertThat(mode(config)).as("looser than 0644: tightened").isEqualTo("rw-r--r--");
    assertThat(mode(ca)).as("looser than 0644: tightened").isEqualTo("rw-r--r--");
  }

  private Path file(String nodePath, String perms) throws IOException {
    Path p = root.resolve(nodePath.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    return p;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void run(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    p.waitFor();
    // chmod -f exits 1 for the paths this root lacks (systemd ignores it: "-" prefix); output stays
    // quiet.
    assertThat(out).as(String.join(" ", argv)).doesNotContain("invalid");
  }
}
