package dev.kubeharden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -v/--verbose} on generate and pr: each control and each file on stderr. */
class VerboseTest {
  @TempDir Path tmp;

  @Test
  void generateVerboseListsEachControlAndEachFile() throws Exception {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.run("generate", "-v", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("wrote ").doesNotContain("control ");
    assertThat(r.errLines())
        .contains(
            "control CIS-1.12:4.2.1 applied (cis-1.12): Ensure that the --anonymous-auth argument"
                + " is set to false")
        .contains("file node/etc/tmpfiles.d/kubeharden.conf: created")
        .contains("file report.json: created");
    long files;
    try (var s = Files.walk(out)) {
      files = s.filter(Files::isRegularFile).count();
    }
    assertThat(r.errLines().stream().filter(l -> l.startsWith("file "))).hasSize((int) files);
    CliRun again = CliRun.run("generate", "--verbose", "--out", out.toString(), "--check");
    assertThat(again.code()).isZero();
    assertThat(again.errLines()).contains("file report.json: unchanged");
    Files.writeString(out.resolve("REPORT.md"), "edited\n");
    assertThat(CliRun.run("generate", "-v", "--dry-run", "--out", out.toString()).errLines())
        .contains("file REPORT.md: would be rewritten");
    CliRun both = CliRun.run("generate", "-q", "-v", "--out", out.toString());
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.errLines())
        .first()
        .isEqualTo("kubeharden: --quiet and --verbose cannot be combined");
  }

  @Test
  void prVerboseListsEachControlAndEachFileOfTheBranch() throws Exception {
    Path repo = tmp.resolve("infra");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
      Files.writeString(repo.resolve("README.md"), "# infra\n");
      git.add().addFilepattern(".").call();
      PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
      git.commit().setMessage("Initial commit").setAuthor(bob).setCommitter(bob).call();
    }
    CliRun r = CliRun.run("pr", "-v", "--repo", repo.toString(), "--profile", "baseline");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.errLines())
        .contains("control SEED:4 applied (baseline): Disable anonymous access to the kubelet API")
        .contains("file kubeharden/baseline/REPORT.md: created");
  }
}
