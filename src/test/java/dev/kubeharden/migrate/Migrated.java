package dev.kubeharden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.yaml.YamlLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One {@code kubeharden migrate} run into a directory, and the files it wrote, parsed. */
record Migrated(CliRun run, Path out, String configPath) {
  static final String DROPIN = "node/etc/systemd/system/kubelet.service.d/20-kubeharden.conf";

  /** Runs migrate with {@code args} (and --out {@code out}); the run must succeed. */
  static Migrated run(Path out, String... args) {
    List<String> all = new ArrayList<>(List.of("migrate", "--out", out.toString()));
    all.addAll(List.of(args));
    CliRun r = CliRun.run(all);
    assertThat(r.code()).as("migrate exit code; stderr: %s", r.err()).isZero();
    assertThat(r.err()).isEmpty();
    Object report = load(out.resolve("report.json"));
    String configPath = (String) ((Map<?, ?>) report).get("configPath");
    return new Migrated(r, out, configPath);
  }

  static Object load(Path p) {
    try {
      return YamlLoader.loadData(
          p.toString(), Files.readString(p, StandardCharsets.UTF_8), 1 << 24);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The migrated KubeletConfiguration, as plain data. */
  Map<?, ?> config() {
    return (Map<?, ?>) load(out.resolve("node" + configPath));
  }

  Map<?, ?> report() {
    return (Map<?, ?>) load(out.resolve("report.json"));
  }

  /** The report.json steps of one kind (moved, merged, kept, dropped, hardened). */
  List<?> steps(String kind) {
    return (List<?>) report().get(kind);
  }

  /** The subjects of the steps of one kind. */
  List<Object> subjects(String kind) {
    List<Object> out = new ArrayList<>();
    for (Object o : steps(kind)) {
      out.add(((Map<?, ?>) o).get("subject"));
    }
    return out;
  }

  String dropIn() {
    try {
      return Files.readString(out.resolve(DROPIN), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last ExecStart= line's value (the command the kubelet is started with). */
  String execStart() {
    String cmd = null;
    for (String l : dropIn().lines().toList()) {
      if (l.startsWith("ExecStart=") && l.length() > "ExecStart=".length()) {
        cmd = l.substring("ExecStart=".length());
      }
    }
    return cmd;
  }

  /** The words of the command, for commands without quoted words. */
  List<String> words() {
    return List.of(execStart().split(" "));
  }
}
