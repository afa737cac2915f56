package dev.kubeharden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.inspect.EffectiveConfig;
import dev.kubeharden.inspect.Flag;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeInspector;
import dev.kubeharden.inspect.NodeLayout;
import dev.kubeharden.inspect.RootLayout;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two promises of a migration, on the node layouts of src/test/resources/diff and diff-layouts:
 * diff finds no drift in the migrated files, and every setting the hardening does not set is what
 * the node ran with, field by field. A --root layout is checked as the node would run it: its copy
 * with node/ copied over it, read with diff --root (the node's own unit, drop-ins and environment
 * files are still there); a node directory through the mirror layout of node/.
 */
class MigrateDiffCleanTest {
  private static final Path DIFF = Path.of("src/test/resources/diff");
  private static final Path LAYOUTS = Path.of("src/test/resources/diff-layouts");

  /** A node to migrate: its migrate input options, minor and profile. */
  record Case(String name, List<String> input, Path root, String minor, String profile) {
    @Override
    public String toString() {
      return name;
    }

    List<String> options() {
      List<String> o = new ArrayList<>(input);
      o.addAll(List.of("--k8s-version", minor, "--profile", profile));
      return o;
    }

    NodeInputs before() {
      if (root != null) {
        return RootLayout.of(name, root, version());
      }
      if (input.get(0).equals("--kubelet-config") && input.size() == 2) {
        return NodeLayout.of(name, Path.of(input.get(1)));
      }
      // diff/kubeadm given file by file
      Path dir = DIFF.resolve("kubeadm");
      return NodeInputs.files(
          name,
          dir.resolve("config.yaml"),
          null,
          null,
          List.of(dir.resolve("10-kubeadm.conf"), dir.resolve("kubeadm-flags.env")));
    }

    KubeVersion version() {
      return KubeVersion.parseOrNull(minor);
    }
  }

  static Stream<Case> nodes() {
    return Stream.of(
        new Case("kubeadm", dir("diff/kubeadm"), null, "1.34", "cis"),
        new Case("kubeadm-flags", dir("migrate/kubeadm-flags"), null, "1.34", "cis"),
        new Case(
            "kubeadm-files",
            List.of(
                "--kubelet-config",
                DIFF.resolve("kubeadm/config.yaml").toString(),
                "--kubelet-args-file",
                DIFF.resolve("kubeadm/10-kubeadm.conf").toString(),
                "--kubelet-args-file",
                DIFF.resolve("kubeadm/kubeadm-flags.env").toString()),
            null,
            "1.33",
            "cis"),
        new Case("legacy-flags", dir("diff/legacy-flags"), null, "1.36", "baseline"),
        new Case(
            "legacy-flags-kept",
            dir("diff/legacy-flags"),
            null,
            "1.36",
            "src/test/resources/migrate/profiles/legacy-kept.yaml"),
        new Case("systemd-flag-undoes", dir("diff/systemd-flag-undoes"), null, "1.36", "cis"),
        new Case("systemd-flag-undoes-1.30", dir("diff/systemd-flag-undoes"), null, "1.30", "cis"),
        root("kubeadm", "1.33", "cis"),
        root("eks-al2023", "1.34", "baseline"),
        root("kubeadm", "1.33", "strict"),
        root("eks-al2023", "1.34", "nsa-cisa"));
  }

  private static List<String> dir(String fixture) {
    return List.of("--kubelet-config", "src/test/resources/" + fixture);
  }

  private static Case root(String layout, String minor, String profile) {
    Path r = LAYOUTS.resolve(layout + "/root");
    return new Case(
        "root-" + layout + "-" + profile, List.of("--root", r.toString()), r, minor, profile);
  }

  @TempDir Path tmp;

  @ParameterizedTest
  @MethodSource("nodes")
  void theMigratedNodeDiffsClean(Case c) throws IOException {
    Migrated m = migrate(c);
    List<String> diff =
        new ArrayList<>(List.of("diff", "--k8s-version", c.minor(), "--profile", c.profile()));
    if (c.root() != null) {
      diff.addAll(List.of("--root", overlay(c, m).toString()));
    } else {
      diff.addAll(List.of("--kubelet-config", m.out().resolve("node").toString()));
    }
    CliRun r = CliRun.run(diff);
    assertThat(r.out()).contains("no drift");
    assertThat(r.code()).as("diff exit code; out: %s", r.out()).isZero();
  }

  @ParameterizedTest
  @MethodSource("nodes")
  void theMigratedNodeKeepsEverySettingTheHardeningDoesNotSet(Case c) throws IOException {
    Migrated m = migrate(c);
    EffectiveConfig before = NodeInspector.inspect(c.before(), c.version());
    EffectiveConfig after = NodeInspector.inspect(after(c, m), c.version());
    assertThat(after.starts())
        .as("the migrated kubelet starts: %s", after.startFailures())
        .isTrue();
    ResolvedProfile rp =
        new ProfileResolver(new ProfileCatalog())
            .resolve(
                new ResolveRequest(
                    List.of(c.profile()), c.version(), List.of(), List.of(), List.of()));
    Set<String> hardened = new HashSet<>();
    rp.hardening()
        .forEach(
            (path, s) -> {
              hardened.add(path);
              if (s.value() instanceof Map<?, ?> keys) {
                keys.keySet().forEach(k -> hardened.add(path + "." + k));
              }
            });
    Set<String> fields = new TreeSet<>();
    for (EffectiveConfig ec : List.of(before, after)) {
      fields.addAll(ec.values().keySet());
      fields.addAll(ec.mapKeys().keySet());
    }
    fields.removeAll(hardened);
    assertThat(fields).contains("syncFrequency", "port", "maxPods");
    Map<String, Object> was = new TreeMap<>();
    Map<String, Object> is = new TreeMap<>();
    for (String f : fields) {
      Object a = comparable(before.lookup(f).value());
      Object b = comparable(after.lookup(f).value());
      if (!Objects.equals(a, b)) {
        was.put(f, a);
        is.put(f, b);
      }
    }
    assertThat(is).as("fields that changed (before: %s)", was).isEmpty();
    assertThat(flagsWithoutTwin(after)).isEqualTo(flagsWithoutTwin(before));
  }

  /** The node's flags that have no config field, as passed (--config and --config-dir aside). */
  private static List<String> flagsWithoutTwin(EffectiveConfig ec) {
    List<String> out = new ArrayList<>();
    for (Flag f : ec.flags()) {
      KubeletFlags.Spec s = KubeletFlags.any(f.name());
      if (s.kind() == KubeletFlags.Kind.FLAG_ONLY && !KubeletFlags.MANAGED.contains(f.name())) {
        out.add("--" + f.name() + "=" + f.value());
      }
      if (s.kind() == KubeletFlags.Kind.TWIN
          && (ec.values().get(s.field()) == null
              || ec.values().get(s.field()).source() != dev.kubeharden.model.ValueSource.FLAG)) {
        out.add("--" + f.name() + "=" + f.value()); // a twin kubeharden does not type
      }
    }
    return out;
  }

  private static Object comparable(Object v) {
    return v instanceof Map<?, ?> map ? new TreeMap<>(map) : v;
  }

  private Migrated migrate(Case c) {
    List<String> args = c.options();
    return Migrated.run(tmp.resolve("out"), args.toArray(String[]::new));
  }

  private NodeInputs after(Case c, Migrated m) throws IOException {
    if (c.root() != null) {
      return RootLayout.of(c.name(), overlay(c, m), c.version());
    }
    return NodeLayout.of(c.name(), m.out().resolve("node"));
  }

  /** A copy of the node's root with the migration's node/ copied over it. */
  private Path overlay(Case c, Migrated m) throws IOException {
    Path node = tmp.resolve("node-" + c.name());
    if (!Files.exists(node)) {
      copy(c.root(), node);
      copy(m.out().resolve("node"), node);
    }
    return node;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
