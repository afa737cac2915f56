package dev.kubeharden.inspect;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A copy of a node's filesystem (or {@code /}) read the way systemd starts the kubelet: the first
 * {@code kubelet.service} in the unit search path, its {@code kubelet.service.d/*.conf} drop-ins
 * from every directory of the path (a name in an earlier directory masks the same name later, all
 * applied in file-name order: systemd.unit(5)), the {@code EnvironmentFile=} files they name, then
 * the {@code --config} file and {@code --config-dir} the resulting command line passes, resolved
 * under the root. A node whose kubelet is not started by a systemd unit (k3s and RKE2 embed it)
 * cannot be read: its verdict is unknown.
 */
public final class RootLayout {
  /** systemd.unit(5) system unit search path, highest priority first (the part a node copy has). */
  static final List<String> UNIT_PATH =
      List.of(
          "etc/systemd/system",
          "run/systemd/system",
          "usr/local/lib/systemd/system",
          "usr/lib/systemd/system",
          "lib/systemd/system");

  private static final Pattern ENV_FILE =
      Pattern.compile("(?m)^\\s*EnvironmentFile\\s*=\\s*(-?)(\\S+)\\s*$");

  /**
   * The kubelet config files kube-bench looks for (aquasecurity/kube-bench cfg/config.yaml,
   * node.kubelet.confs; it never reads --config-dir).
   */
  static final List<String> KUBE_BENCH_CONFS =
      List.of(
          "/etc/kubernetes/kubelet-config.yaml",
          "/etc/kubernetes/kubelet/kubelet-config.json",
          "/var/lib/kubelet/config.yaml",
          "/etc/kubernetes/azure.json");

  /** A drop-in name masked by a link to /dev/null. */
  private static final Path MASKED = Path.of("/dev/null");

  private RootLayout() {}

  /** The node's inputs, or inputs marked unreadable (with the reason) when there is no unit. */
  public static NodeInputs of(String name, Path root, KubeVersion version) {
    NodeTree tree = NodeTree.nodeRoot(root);
    Path unit = null;
    for (String d : UNIT_PATH) {
      Path u = root.resolve(d).resolve("kubelet.service");
      if (Files.exists(u, LinkOption.NOFOLLOW_LINKS)) {
        Path r = tree.resolve(u);
        if (r == null) {
          return NodeInputs.unreadable(
              name,
              "/" + d + "/kubelet.service is masked (a link to /dev/null): it does not start");
        }
        if (Files.isRegularFile(r)) {
          unit = r;
          break;
        }
      }
    }
    if (unit == null) {
      return NodeInputs.unreadable(name, unreadableReason(root));
    }
    Map<String, Path> dropIns = new TreeMap<>();
    for (String d : UNIT_PATH) {
      Path dir = tree.resolve(root.resolve(d).resolve("kubelet.service.d"));
      if (dir != null && Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : s.sorted().toList()) {
            String n = p.getFileName().toString();
            if (n.endsWith(".conf") && !dropIns.containsKey(n)) {
              // A drop-in linked to /dev/null masks the same name in later directories.
              Path r = tree.resolve(p);
              dropIns.put(n, r == null ? MASKED : r);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    dropIns.values().removeIf(p -> p == MASKED || !Files.isRegularFile(p));
    List<Path> args = new ArrayList<>();
    args.add(unit);
    args.addAll(dropIns.values());
    List<Path> envFiles = new ArrayList<>();
    for (Path p : List.copyOf(args)) {
      Matcher m = ENV_FILE.matcher(read(tree, p));
      while (m.find()) {
        Path f = tree.resolve(under(root, m.group(2)));
        // systemd.exec(5): with "-" a missing file is ignored; without it the unit fails to start.
        if (f != null && (Files.isRegularFile(f) || m.group(1).isEmpty())) {
          envFiles.add(f);
        }
      }
    }
    args.addAll(envFiles);
    // The command line systemd builds decides which config file and drop-in directory count.
    List<Problem> problems = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<ArgsSource> sources = new ArrayList<>();
    for (Path p : args) {
      if (Files.isRegularFile(p)) {
        sources.add(new ArgsSource(p.toString(), read(tree, p)));
      }
    }
    List<Flag> flags =
        FlagParser.kubelet(
            new KubeletCommandLine(problems, ignored).read(sources),
            version.minor(),
            new ArrayList<>(),
            ignored);
    Path config = null;
    Path configDir = null;
    for (Flag f : flags) {
      if (f.name().equals("config")) {
        config = under(root, f.value());
      } else if (f.name().equals("config-dir")) {
        configDir = under(root, f.value());
      }
    }
    boolean seen = config != null && KUBE_BENCH_CONFS.contains("/" + root.relativize(config));
    if (config != null) {
      Path r = tree.resolve(config);
      config = r == null ? config : r;
    }
    if (configDir != null) {
      Path r = tree.resolve(configDir);
      configDir = r == null ? configDir : r;
    }
    return new NodeInputs(name, config, configDir, null, args, null, null, null, seen, null, tree);
  }

  private static String unreadableReason(Path root) {
    for (String distro : List.of("k3s", "rke2")) {
      if (Files.isDirectory(root.resolve("var/lib/rancher/" + distro))
          || Files.isDirectory(root.resolve("etc/rancher/" + distro))) {
        return distro
            + " runs the kubelet inside its own process: its arguments are in no file (give them"
            + " with --kubelet-args from the ps line of the "
            + distro
            + " process, and the drop-ins with --config-dir "
            + "/var/lib/rancher/"
            + distro
            + "/agent/etc/kubelet.conf.d)";
      }
    }
    return "no kubelet.service in "
        + String.join(", ", UNIT_PATH.stream().map(d -> "/" + d).toList());
  }

  private static Path under(Path root, String absolute) {
    return root.resolve(absolute.replaceFirst("^/+", ""));
  }

  private static String read(NodeTree tree, Path p) {
    return dev.kubeharden.yaml.InputFiles.decode(
        tree.bytes(p, "file", dev.kubeharden.model.Position.of(p.toString())), p.toString());
  }
}
