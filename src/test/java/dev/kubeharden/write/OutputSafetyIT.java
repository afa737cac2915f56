package dev.kubeharden.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed while it writes a large fleet (issue 15 "output safety", issue 17 item
 * 3): whatever the moment of a SIGKILL, the output directory is the old complete tree or the new
 * one (or, killed between the two renames, the new one waits complete beside it), and the next run
 * leaves no staging directory; SIGTERM cleans up at once; two processes on one directory leave one
 * complete tree; a dead run's scratch directory is removed by the next run.
 */
class OutputSafetyIT {
  private static final int CLUSTERS = 30;
  private static final int POOLS = 10;

  @TempDir Path tmp;
  private Path out;
  private Path cis;
  private Path strict;

  @BeforeEach
  void inventories() throws IOException {
    out = tmp.resolve("out");
    cis = inventory("fleet-cis.yaml", "[cis]");
    strict = inventory("fleet-strict.yaml", "[cis, strict]");
  }

  private Path inventory(String name, String profiles) throws IOException {
    StringBuilder sb =
        new StringBuilder(
            "apiVersion: kubeharden.dev/v1alpha1\nkind: Inventory\ndefaults:\n  profiles: "
                + profiles
                + "\nclusters:\n");
    for (int c = 0; c < CLUSTERS; c++) {
      sb.append("  - name: c").append(c).append("\n    nodePools:\n");
      for (int p = 0; p < POOLS; p++) {
        sb.append("      - name: p").append(p).append('\n');
      }
    }
    return Files.writeString(tmp.resolve(name), sb.toString());
  }

  private ProcessBuilder kubeharden(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(System.getProperty("kubeharden.jar"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(tmp.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
  }

  private int run(String... args) throws IOException, InterruptedException {
    Process p = kubeharden(args).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished: %s", List.of(args)).isTrue();
    return p.exitValue();
  }

  private int check(Path inventory, Path dir) throws IOException, InterruptedException {
    return run("generate", "--inventory", inventory.toString(), "--out", dir.toString(), "--check");
  }

  private List<Path> staging() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".out.kubeharden")).toList();
    }
  }

  /** The tree at {@code dir} is exactly one of the two fleets, complete. */
  private void assertOneCompleteFleet(Path dir) throws IOException, InterruptedException {
    int a = check(cis, dir);
    int b = check(strict, dir);
    assertThat(List.of(a, b))
        .as("--check exits (cis, strict) for %s", dir)
        .containsExactlyInAnyOrder(0, 4);
  }

  @Test
  void aSigkillAtAnyMomentLeavesAnOldOrNewCompleteTreeAndTheNextRunCleansUp() throws Exception {
    long start = System.nanoTime();
    assertThat(run("generate", "--inventory", cis.toString(), "--out", out.toString())).isZero();
    long run = (System.nanoTime() - start) / 1_000_000;
    // Kill moments spread over one run as long as the first took (start-up, rendering, writing,
    // the switch), whatever the machine's speed.
    double[] moments = {0.15, 0.4, 0.6, 0.8, 0.95};
    long[] delays = new long[moments.length];
    for (int i = 0; i < moments.length; i++) {
      delays[i] = Math.max(50, (long) (run * moments[i]));
    }
    for (int i = 0; i < delays.length; i++) {
      Path next = i % 2 == 0 ? strict : cis;
      Process p =
          kubeharden("generate", "--inventory", next.toString(), "--out", out.toString()).start();
      Thread.sleep(delays[i]);
      p.destroyForcibly();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      if (Files.isDirectory(out)) {
        assertOneCompleteFleet(out);
      } else {
        List<Path> ready =
            staging().stream().filter(s -> s.getFileName().toString().contains("-ready-")).toList();
        assertThat(ready).as("killed between the renames: the new tree waits complete").hasSize(1);
        assertOneCompleteFleet(ready.get(0));
      }
      assertThat(run("generate", "--inventory", next.toString(), "--out", out.toString())).isZero();
      assertThat(check(next, out)).isZero();
      assertThat(staging()).as("after the next run").isEmpty();
    }
  }

  @Test
  void aSigtermRemovesTheStagingTreeAtOnceAndKeepsTheOldTree() throws Exception {
    assertThat(run("generate", "--inventory", cis.toString(), "--out", out.toString())).isZero();
    Process p =
        kubeharden("generate", "--inventory", strict.toString(), "--out", out.toString()).start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (staging().stream().noneMatch(s -> s.getFileName().toString().contains("-new-"))
        && p.isAlive()
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(p.isAlive()).as("still writing when signalled").isTrue();
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(staging()).isEmpty();
    assertThat(check(cis, out)).isZero();
  }

  @Test
  void twoProcessesOnOneDirectoryLeaveOneCompleteTree() throws Exception {
    Process a =
        kubeharden("generate", "--inventory", cis.toString(), "--out", out.toString()).start();
    Process b =
        kubeharden("generate", "--inventory", strict.toString(), "--out", out.toString()).start();
    assertThat(a.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(a.exitValue()).isZero();
    assertThat(b.exitValue()).isZero();
    assertOneCompleteFleet(out);
    assertThat(staging()).isEmpty();
  }

  @Test
  void aScratchDirectoryOfADeadRunIsRemovedByTheNextRun() throws Exception {
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    Path dead = Files.createDirectories(scratch.resolve("kubeharden-diff-2147483646-1/part0"));
    Path alive =
        Files.createDirectories(
            scratch.resolve("kubeharden-diff-" + ProcessHandle.current().pid() + "-2"));
    Path nodes = tmp.resolve("nodes");
    for (String n : new String[] {"a", "b"}) {
      Files.createDirectories(nodes.resolve(n));
      Files.writeString(nodes.resolve(n + "/kubelet.args"), "--v=0\n");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.io.tmpdir=" + scratch);
    cmd.add("-jar");
    cmd.add(System.getProperty("kubeharden.jar"));
    cmd.addAll(List.of("diff", "--kubelet-config", nodes.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(4);
    assertThat(dead.getParent()).doesNotExist();
    assertThat(alive).exists();
    try (Stream<Path> s = Files.list(scratch)) {
      assertThat(s.map(x -> x.getFileName().toString()))
          .containsExactly(alive.getFileName().toString());
    }
  }
}
