package dev.kubeharden.inspect;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Position;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything {@link NodeInspector} learns from a node directory's files, with the directory left
 * out: each input's path below it, whether it exists, the text of each file read, and the entries
 * of the --config-dir walk, in the order the inspection meets them. Two node directories with equal
 * signatures are inspected alike but for the directory's path in positions, notes and input names:
 * the nodes of a pool are copies of each other.
 *
 * <p>Only a node directory without a symbolic link in it has one (a link is resolved by the tree,
 * and the signature does not follow it), and only when every file reads as the inspection would
 * read it; otherwise {@link #of} gives null and the node is inspected on its own.
 *
 * @param dir the node directory, as its paths name it
 * @param auditorSeesConfig whether kube-bench finds the config file
 * @param parts the inputs, in the order the inspection meets them
 */
public record NodeSignature(Path dir, boolean auditorSeesConfig, List<Part> parts) {
  /**
   * One input: its kind ("config", "args", "config-dir", and in the walk "dir" and "drop-in"), its
   * path below the node directory (null when the input is not given) and its text (null for a
   * directory and a missing file).
   */
  public record Part(String kind, String path, String text) {}

  /**
   * The signature of {@code in} (a node directory's inputs, {@link NodeLayout}), adding the texts
   * read to {@code reads} (path to text, as {@link NodeInspector#inspect(NodeInputs,
   * dev.kubeharden.model.KubeVersion, Map)} takes them), or null.
   */
  public static NodeSignature of(NodeInputs in, Map<Path, String> reads) {
    NodeTree tree = in.tree();
    if (tree == null
        || tree.nodeRoot()
        || in.unreadable() != null
        || in.configzText() != null
        || in.flagzText() != null
        || in.inlineArgs() != null) {
      return null;
    }
    Path root = tree.root();
    List<Part> parts = new ArrayList<>();
    try {
      if (in.configFile() == null) {
        parts.add(new Part("config", null, null));
      } else if (!file(tree, "config", in.configFile(), true, parts, reads)) {
        return null;
      }
      for (Path p : in.argsFiles()) {
        if (!file(tree, "args", p, false, parts, reads)) {
          return null;
        }
      }
      if (in.configDir() == null) {
        parts.add(new Part("config-dir", null, null));
      } else {
        NodeTree.Plain d = tree.plain(in.configDir());
        if (d == null || !d.attrs().isDirectory()) {
          return null;
        }
        parts.add(new Part("config-dir", below(root, in.configDir()), null));
        if (!walk(tree, in.configDir(), parts, reads)) {
          return null;
        }
      }
    } catch (IOException | InvalidInputException e) {
      return null; // the inspection reports it
    }
    String named = root.toString();
    for (Part p : parts) {
      if (p.text() != null && p.text().contains(named)) {
        // A text naming the directory reads differently once the directory is another.
        return null;
      }
    }
    return new NodeSignature(root, in.auditorSeesConfig(), List.copyOf(parts));
  }

  /**
   * Adds a file's relative path and text (or that it is missing, where {@code mayBeMissing}); false
   * when it cannot be part of a signature.
   */
  private static boolean file(
      NodeTree tree,
      String kind,
      Path file,
      boolean mayBeMissing,
      List<Part> parts,
      Map<Path, String> reads)
      throws IOException {
    Path root = tree.root();
    if (!file.startsWith(root)) {
      return false;
    }
    String rel = below(root, file);
    NodeTree.Plain p = tree.plain(file);
    if (p == null) {
      if (!mayBeMissing) {
        return false;
      }
      try {
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return false; // there, but a link on the way or not a file: the tree resolves it
      } catch (NoSuchFileException e) {
        parts.add(new Part(kind, rel, null));
        return true;
      }
    }
    if (!p.attrs().isRegularFile()) {
      return false;
    }
    parts.add(new Part(kind, rel, read(file, p, reads)));
    return true;
  }

  /** The walk {@link NodeInspector} makes of a --config-dir, entry by entry. */
  private static boolean walk(NodeTree tree, Path dir, List<Part> parts, Map<Path, String> reads)
      throws IOException {
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.sorted(Comparator.comparing((Path p) -> p.getFileName().toString())).toList();
    }
    for (Path p : entries) {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink()) {
        return false;
      }
      if (a.isDirectory()) {
        parts.add(new Part("dir", below(tree.root(), p), null));
        if (!walk(tree, p, parts, reads)) {
          return false;
        }
      } else if (p.getFileName().toString().endsWith(".conf")) {
        NodeTree.Plain f = tree.plain(p);
        if (f == null || !f.attrs().isRegularFile()) {
          return false;
        }
        parts.add(new Part("drop-in", below(tree.root(), p), read(p, f, reads)));
      }
    }
    return true;
  }

  /**
   * The path of {@code file} below {@code root}, which it starts with: the names after the root's
   * (the same for every node directory of one parent, without {@link Path#relativize}'s work).
   */
  private static String below(Path root, Path file) {
    String r = root.toString();
    String f = file.toString();
    return f.substring(Math.min(f.length(), r.length() + (r.endsWith("/") ? 0 : 1)));
  }

  private static String read(Path file, NodeTree.Plain p, Map<Path, String> reads) {
    String text = reads.get(file);
    if (text == null) {
      String name = file.toString();
      text =
          SharedTexts.of(
              dev.kubeharden.yaml.InputFiles.bytes(
                  file, p.real(), p.attrs(), "file", Position.of(name)),
              name);
      reads.put(file, text);
    }
    return text;
  }

  /** The characters the signature holds (paths and texts). */
  public long weight() {
    long w = 0;
    for (Part p : parts) {
      w += p.kind().length();
      w += p.path() == null ? 0 : p.path().length();
      w += p.text() == null ? 0 : p.text().length();
    }
    return w;
  }

  /** Equal when everything but the directory is. */
  @Override
  public boolean equals(Object o) {
    return o instanceof NodeSignature s
        && auditorSeesConfig == s.auditorSeesConfig
        && parts.equals(s.parts);
  }

  @Override
  public int hashCode() {
    return 31 * parts.hashCode() + Boolean.hashCode(auditorSeesConfig);
  }
}
