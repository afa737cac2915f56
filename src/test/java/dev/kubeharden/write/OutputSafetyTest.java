package dev.kubeharden.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where generate may write and what it reads there (issue 15 "output safety", issue 17 items 3, 5
 * and 12): an --out that is a symbolic link, holds one, is / or a home directory, sits on a
 * read-only file system, or is written by two runs at once; a switch a killed run left half done;
 * the modes written files get. The process-level cases (SIGKILL, SIGTERM, two processes) are in
 * OutputSafetyIT.
 */
class OutputSafetyTest {
  private static final String SECRET = "s3cr3t-out-of-tree";
  private static final Duration FAST = Duration.ofSeconds(30);

  @TempDir Path tmp;

  private Path generated(String name) {
    Path out = tmp.resolve(name);
    CliRun.run("generate", "-p", "baseline", "--out", out.toString()).assertOk();
    return out;
  }

  private Path secret() throws IOException {
    Path s = tmp.resolve("elsewhere/secret.env");
    Files.createDirectories(s.getParent());
    Files.writeString(s, "TOKEN=" + SECRET + "\n");
    return s;
  }

  private List<String> staging() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".kubeharden")).toList();
    }
  }

  @Test
  void anOutThatIsASymbolicLinkIsRefusedAndNeitherItNorItsTargetChange() throws IOException {
    Path real = generated("real");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    for (String mode : new String[] {"--dry-run", "--check", null}) {
      List<String> args =
          new ArrayList<>(List.of("generate", "-p", "cis", "--out", link.toString()));
      if (mode != null) {
        args.add(mode);
      }
      String line = CliRun.run(args).failure();
      assertThat(line).contains(link.toString()).contains("is a symbolic link");
    }
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(CliRun.run("generate", "-p", "baseline", "--out", real.toString(), "--check").code())
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "directory"})
  void aDryRunNeverReadsThroughALinkInsideTheBundle(String kind) throws IOException {
    Path out = generated("out");
    Path listed = out.resolve("node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf");
    if (kind.equals("file")) {
      Files.delete(listed);
      Files.createSymbolicLink(listed, secret());
    } else {
      Path dir = out.resolve("node/etc/kubernetes/kubelet.conf.d");
      Path elsewhere = secret().getParent();
      Files.move(listed, elsewhere.resolve(listed.getFileName()));
      Files.writeString(elsewhere.resolve(listed.getFileName()), SECRET);
      Files.delete(dir);
      Files.createSymbolicLink(dir, elsewhere);
    }
    CliRun r = CliRun.run("generate", "-p", "cis", "--out", out.toString(), "--dry-run");
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
    assertThat(r.code()).isZero();
    CliRun w = CliRun.run("generate", "-p", "cis", "--out", out.toString());
    assertThat(w.failure()).contains("node/etc/kubernetes/kubelet.conf.d").doesNotContain(SECRET);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--dry-run", "--check"})
  void theRootDirectoryIsRefusedWithoutReadingIt(String mode) {
    List<String> args = new ArrayList<>(List.of("generate", "-p", "cis", "--out", "/"));
    if (!mode.isEmpty()) {
      args.add(mode);
    }
    CliRun r = assertTimeoutPreemptively(FAST, () -> CliRun.run(args));
    assertThat(r.failure()).startsWith("kubeharden: /").contains("root directory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--dry-run", "--check"})
  void aHomeDirectoryIsRefusedAndNothingOfItIsRead(String mode) throws IOException {
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_ed25519"), SECRET);
    Files.writeString(home.resolve(".bashrc"), "export TOKEN=" + SECRET + "\n");
    try (RandomAccessFile big = new RandomAccessFile(home.resolve("disk.img").toFile(), "rw")) {
      big.setLength(400L * 1024 * 1024); // sparse: costs nothing unless read
    }
    List<String> args = new ArrayList<>(List.of("generate", "-p", "cis", "--out", home.toString()));
    if (!mode.isEmpty()) {
      args.add(mode);
    }
    CliRun r = assertTimeoutPreemptively(FAST, () -> CliRun.run(args));
    assertThat(r.failure()).contains("holds no kubeharden report.json").doesNotContain(SECRET);
    assertThat(r.out()).doesNotContain(SECRET);
    assertThat(home.resolve(".bashrc")).hasContent("export TOKEN=" + SECRET);
    assertThat(staging()).isEmpty();
  }

  @Test
  void aReadOnlyFileSystemIsOneLineAndLeavesNothing() {
    Path sys = Path.of("/sys/kernel");
    assumeTrue(Files.isDirectory(sys), "no /sys (not Linux)");
    Path out = sys.resolve("kubeharden-test-out");
    String line = CliRun.run("generate", "-p", "cis", "--out", out.toString()).failure();
    assertThat(line).contains("kubeharden-test-out");
    assertThat(out).doesNotExist();
  }

  @Test
  void aSwitchKilledBetweenItsRenamesIsCompletedByTheNextRun() throws IOException {
    Path out = generated("out");
    // What a kill between "out -> old" and "ready -> out" leaves: no out, the old tree, the
    // complete new tree, and an unfinished staging tree of yet another run.
    Path old = tmp.resolve(".out.kubeharden-old-0badc0ffee00");
    Files.move(out, old);
    Path ready = tmp.resolve(".out.kubeharden-ready-0badc0ffee00");
    CliRun.run("generate", "-p", "cis", "--out", ready.toString()).assertOk();
    Path half = Files.createDirectories(tmp.resolve(".out.kubeharden-new-123456789abc/node"));
    Files.writeString(half.resolve("x"), "half");

    CliRun.run("generate", "-p", "cis", "--out", out.toString()).assertOk();

    assertThat(staging()).isEmpty();
    assertThat(CliRun.run("generate", "-p", "cis", "--out", out.toString(), "--check").code())
        .isZero();
  }

  @Test
  void aSwitchKilledAfterMovingTheOldTreeAwayRestoresIt() throws IOException {
    Path out = generated("out");
    Files.move(out, tmp.resolve(".out.kubeharden-old-0badc0ffee00"));
    Files.createDirectories(tmp.resolve(".out.kubeharden-new-0badc0ffee00/node"));

    CliRun.run("generate", "-p", "baseline", "--out", out.toString()).assertOk();

    assertThat(staging()).isEmpty();
    assertThat(CliRun.run("generate", "-p", "baseline", "--out", out.toString(), "--check").code())
        .isZero();
  }

  @Test
  void twoRunsAtOnceLeaveOneCompleteTreeAndNoStaging() throws Exception {
    Path out = generated("out");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CliRun>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String profile = i % 2 == 0 ? "cis" : "stig";
        runs.add(pool.submit(() -> CliRun.run("generate", "-p", profile, "--out", out.toString())));
      }
      for (Future<CliRun> f : runs) {
        f.get().assertOk();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(staging()).isEmpty();
    // The tree is one run's, complete: the one profile whose --check finds nothing to change.
    int cis = CliRun.run("generate", "-p", "cis", "--out", out.toString(), "--check").code();
    int stig = CliRun.run("generate", "-p", "stig", "--out", out.toString(), "--check").code();
    assertThat(List.of(cis, stig)).containsExactlyInAnyOrder(0, 4);
  }

  @Test
  void writtenFilesAre0644AndDirectories0755() throws IOException {
    Path out = generated("out");
    Set<PosixFilePermission> dir = PosixFilePermissions.fromString("rwxr-xr-x");
    Set<PosixFilePermission> file = PosixFilePermissions.fromString("rw-r--r--");
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        // The umask can only take bits away.
        assertThat(Files.isDirectory(p) ? dir : file).as(p.toString()).containsAll(mode);
        if (Files.isDirectory(p)) {
          assertThat(mode).as(p.toString()).contains(PosixFilePermission.OWNER_EXECUTE);
        }
      }
    }
    assertThat(Files.getPosixFilePermissions(out))
        .as("the output directory")
        .isEqualTo(Files.getPosixFilePermissions(out.resolve("node")));
  }

  @Test
  void aLinkPlantedAtTheLockFilesNameInTheSharedTemporaryDirectoryIsNotFollowed() throws Exception {
    Path out = tmp.resolve("locked-out").toAbsolutePath();
    Path victim = secret();
    String name =
        "kubeharden-out-"
            + java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            + ".lock";
    Path lock = Path.of(System.getProperty("java.io.tmpdir")).resolve(name);
    Files.deleteIfExists(lock);
    Files.createSymbolicLink(lock, victim);
    try {
      CliRun r = CliRun.run("generate", "-p", "baseline", "--out", out.toString());

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains(name).doesNotContain("\tat ");
      assertThat(out).doesNotExist();
      assertThat(Files.readString(victim)).isEqualTo("TOKEN=" + SECRET + "\n");
    } finally {
      Files.deleteIfExists(lock);
    }
  }
}
