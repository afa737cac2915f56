package dev.kubeharden.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundle's own files are written with the modes its file controls require, so copying node/
 * onto / with its modes does not fail the bundle's own CIS 4.1.x or STIG checks before
 * systemd-tmpfiles runs.
 */
class BundleModesTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"cis", "cis-1.11", "stig", "baseline"})
  void everyBundleFileAControlConstrainsHasAtMostItsMode(String profile) throws Exception {
    Path out = tmp.resolve(profile);
    CliRun r = CliRun.run("generate", "--profile", profile, "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    ResolvedProfile rp =
        new ProfileResolver(new ProfileCatalog())
            .resolve(ResolveRequest.of(List.of(profile), KubeVersion.DEFAULT));
    int checked = 0;
    for (FileRule rule : rp.files()) {
      for (String layout : List.of("node", "standalone")) {
        Path f = out.resolve(layout + rule.path());
        if (Files.isRegularFile(f)) {
          checked++;
          Set<PosixFilePermission> actual = Files.getPosixFilePermissions(f);
          int allowed = Integer.parseInt(rule.mode(), 8);
          assertThat(bits(actual) & ~allowed)
              .as(
                  "%s is %s; %s allows at most %s",
                  f, PosixFilePermissions.toString(actual), rule.path(), rule.mode())
              .isZero();
        }
      }
    }
    if (!profile.equals("baseline")) {
      assertThat(checked).as("bundle files under a file rule").isGreaterThanOrEqualTo(3);
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(
                    out.resolve("node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf"))))
        .isEqualTo("rw-------");
    assertThat(Files.getPosixFilePermissions(out.resolve("REPORT.md")))
        .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OTHERS_READ);
  }

  private static int bits(Set<PosixFilePermission> p) {
    String rwx = PosixFilePermissions.toString(p);
    int m = 0;
    for (int i = 0; i < rwx.length(); i++) {
      m = (m << 1) | (rwx.charAt(i) == '-' ? 0 : 1);
    }
    return m;
  }
}
