package dev.kubeharden.inspect;

import dev.kubeharden.model.Position;
import dev.kubeharden.yaml.InputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A node's files collected in one directory, in either of two layouts. Flat: {@code config.yaml},
 * {@code conf.d/} (or {@code kubelet.conf.d/}), {@code kubelet.service}, systemd drop-ins ({@code
 * *.conf} beside them or in {@code kubelet.service.d/}), {@code kubeadm-flags.env}, {@code
 * default-kubelet} (/etc/default/kubelet), {@code kubelet.args} (a command line or ps line), {@code
 * configz.json}. Mirror: the node's own paths under the directory ({@code
 * var/lib/kubelet/config.yaml}, {@code etc/kubernetes/kubelet.conf.d/}, {@code
 * etc/systemd/system/kubelet.service.d/}, ...), as {@code out/node} of a generated bundle.
 */
public final class NodeLayout {
  private static final List<String> UNITS =
      List.of(
          "kubelet.service",
          "usr/lib/systemd/system/kubelet.service",
          "lib/systemd/system/kubelet.service",
          "etc/systemd/system/kubelet.service");
  private static final List<String> DROPIN_DIRS =
      List.of(
          "",
          "kubelet.service.d",
          "usr/lib/systemd/system/kubelet.service.d",
          "lib/systemd/system/kubelet.service.d",
          "etc/systemd/system/kubelet.service.d");
  private static final List<String> ENV_FILES =
      List.of(
          "kubeadm-flags.env",
          "var/lib/kubelet/kubeadm-flags.env",
          "default-kubelet",
          "etc/default/kubelet",
          "etc/sysconfig/kubelet");
  private static final List<String> COMMAND_LINES = List.of("kubelet.args", "ps.txt");
  private static final List<String> CONFIGS = List.of("config.yaml", "var/lib/kubelet/config.yaml");
  private static final List<String> CONFIG_DIRS =
      List.of("conf.d", "kubelet.conf.d", "etc/kubernetes/kubelet.conf.d");

  private NodeLayout() {}

  /** Whether a directory holds one node's files (rather than one sub-directory per node). */
  public static boolean isNodeDir(Path dir) {
    // Every flat name the node layout reads (a node of a unit file alone, or a ps line alone, is
    // a node too), and the mirror's top directories.
    for (String n :
        List.of(
            "config.yaml",
            "configz.json",
            "kubelet.args",
            "ps.txt",
            "kubelet.service",
            "kubelet.service.d",
            "kubeadm-flags.env",
            "default-kubelet",
            "conf.d",
            "kubelet.conf.d",
            "var",
            "etc")) {
      if (Files.exists(dir.resolve(n), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  public static NodeInputs of(String name, Path dir) {
    // One listing of the node directory; a nested path is looked at only when its first segment
    // exists, which
    // saves a fleet diff some twenty failing stat calls per node.
    Set<String> names = names(dir);
    NodeTree tree = NodeTree.directory(dir);
    Path configz = dir.resolve("configz.json");
    within(names, tree, configz);
    if (names.contains("configz.json") && Files.isRegularFile(configz)) {
      return NodeInputs.configz(name, configz.toString(), read(tree, configz));
    }
    boolean mirror = isDir(names, dir, "var") || isDir(names, dir, "etc");
    Path config = dir.resolve(mirror ? CONFIGS.get(1) : CONFIGS.get(0));
    Path confDir = null;
    for (String d : CONFIG_DIRS) {
      if (isDir(names, dir, d)) {
        confDir = dir.resolve(d);
        break;
      }
    }
    List<Path> args = new ArrayList<>();
    UNITS.stream().filter(u -> isFile(names, dir, u)).map(dir::resolve).forEach(args::add);
    List<Path> dropIns = new ArrayList<>();
    for (String n : names) {
      if (n.endsWith(".conf") && Files.isRegularFile(dir.resolve(n))) {
        dropIns.add(dir.resolve(n));
      }
    }
    for (String d : DROPIN_DIRS) {
      if (!d.isEmpty() && isDir(names, dir, d)) {
        dropIns.addAll(confFiles(dir.resolve(d)));
      }
    }
    dropIns.sort(Comparator.comparing(p -> p.getFileName().toString()));
    args.addAll(dropIns);
    ENV_FILES.stream().filter(e -> isFile(names, dir, e)).map(dir::resolve).forEach(args::add);
    COMMAND_LINES.stream().filter(c -> isFile(names, dir, c)).map(dir::resolve).forEach(args::add);
    for (Path p : args) {
      within(names, tree, p);
    }
    within(names, tree, config);
    return NodeInputs.files(name, config, confDir, null, args).in(tree);
  }

  /**
   * Refuses a node file whose real path leaves the node directory; one whose first segment is not
   * in the directory does not exist, passes, and costs no system call.
   */
  private static void within(Set<String> names, NodeTree tree, Path file) {
    Path root = tree.root();
    int depth = root.getNameCount();
    // The node's files are the root resolved against a relative path: their first segment under
    // it is a name at the root's depth (relativize computes the same, at a cost per file).
    String first =
        file.startsWith(root) && file.getNameCount() > depth
            ? file.getName(depth).toString()
            : root.relativize(file).getName(0).toString();
    if (names.contains(first)) {
      tree.requireWithin(file, "node file", Position.of(file.toString()));
    }
  }

  private static Set<String> names(Path dir) {
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static boolean isDir(Set<String> names, Path dir, String rel) {
    return names.contains(first(rel)) && Files.isDirectory(dir.resolve(rel));
  }

  private static boolean isFile(Set<String> names, Path dir, String rel) {
    return names.contains(first(rel)) && Files.isRegularFile(dir.resolve(rel));
  }

  private static String first(String rel) {
    int i = rel.indexOf('/');
    return i < 0 ? rel : rel.substring(0, i);
  }

  private static List<Path> confFiles(Path d) {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(NodeTree tree, Path p) {
    return InputFiles.decode(tree.bytes(p, "file", Position.of(p.toString())), p.toString());
  }
}
