package dev.kubeharden.inspect;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Position;
import dev.kubeharden.yaml.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The tree a node's files are read from, and how a symbolic link in it is followed: never out of
 * it. Two kinds. A node directory or a --config-dir the user names: a link is followed as the host
 * follows it, and a file whose real path leaves the tree is refused. A copy of a node's filesystem
 * (--root): a link is followed as the node follows it, an absolute target taken from the root and
 * ".." stopping at the root, the way systemd resolves paths under a root directory (systemd
 * src/basic/chase.c, CHASE_PREFIX_ROOT, which systemctl --root and systemd-analyze --root use), so
 * nothing leads out of it by construction; a link into the node's /proc, /dev (except /dev/null,
 * systemd's mask) or /sys, or to nothing, is refused. A refusal names the link, never the content.
 * {@code top} is the root's real path (null when it has none), resolved once per tree.
 *
 * <p>A tree is made for one node's read, and remembers the files {@link #plain} found without a
 * link for that long: the layout's containment check, the diff's signature and the read ask the
 * same question of each file.
 */
public final class NodeTree {
  /** The most links followed for one path (Linux's MAXSYMLINKS, path_resolution(7): 40). */
  static final int MAX_LINKS = 40;

  private static final Path DEV_NULL = Path.of("/dev/null");

  private final Path root;
  private final boolean nodeRoot;
  private final Path top;
  private final java.util.Map<Path, Plain> plain = new java.util.concurrent.ConcurrentHashMap<>();

  private NodeTree(Path root, boolean nodeRoot, Path top) {
    this.root = root;
    this.nodeRoot = nodeRoot;
    this.top = top;
  }

  /** The tree's root, as the user names it. */
  public Path root() {
    return root;
  }

  /** Whether the tree is a copy of a node's filesystem (--root), not a directory of its files. */
  public boolean nodeRoot() {
    return nodeRoot;
  }

  /** The root's real path, or null when it has none. */
  public Path top() {
    return top;
  }

  /** A tree the user named (a node directory, a --config-dir): links are followed in it only. */
  public static NodeTree directory(Path dir) {
    return new NodeTree(dir, false, InputFiles.realPath(dir));
  }

  /** A copy of a node's filesystem, or / on the node. */
  public static NodeTree nodeRoot(Path root) {
    return new NodeTree(root, true, InputFiles.realPath(root));
  }

  /**
   * The file to read for {@code file} (a path inside the tree, as the tree names it): with links
   * followed, inside the tree; {@code file} itself when nothing is a link or it does not exist (its
   * reader names it). Null for a systemd-masked file (a link to /dev/null under a node root).
   */
  Path resolve(Path file) {
    return nodeRoot ? underRoot(file) : inDirectory(file);
  }

  /**
   * The bytes of a node file (a path inside the tree, as the tree names it, or any other path),
   * read as {@link InputFiles#bytes} reads them.
   */
  public byte[] bytes(Path file, String what, Position where) {
    Plain p = plain(file);
    return p == null
        ? InputFiles.bytes(file, what, where)
        : InputFiles.bytes(file, p.real(), p.attrs(), what, where);
  }

  /**
   * Refuses {@code file} (a path inside the tree) when its real path leaves the tree, as {@link
   * InputFiles#requireWithin} does; a file that does not exist passes.
   */
  public void requireWithin(Path file, String what, Position where) {
    if (plain(file) == null) {
      InputFiles.requireWithin(file, root, top, what, where);
    }
  }

  /** A file's real path and attributes, found by {@link #plain}. */
  record Plain(Path real, BasicFileAttributes attrs) {}

  /**
   * {@code file} when no name of it below the root is a symbolic link: its real path is then the
   * root's real path ({@code top}) joined with the same names, inside the tree by construction. One
   * lstat per name below the root finds that, and gives the file's attributes too, where
   * realpath(3) (which {@link Path#toRealPath} calls) tries every name from / as a link, and its
   * reader would stat it again. Null when a name is a link, ".", "..", or missing, a name before
   * the last is not a directory, {@code file} is not below the root, or the root has no real path:
   * the caller then resolves {@code file} in full, as before.
   */
  Plain plain(Path file) {
    Plain known = plain.get(file);
    if (known != null) {
      return known;
    }
    Plain found = walk(file);
    if (found != null) {
      plain.put(file, found);
    }
    return found;
  }

  private Plain walk(Path file) {
    int depth = root.getNameCount();
    int count = file.getNameCount();
    if (top == null || count <= depth || !file.startsWith(root)) {
      return null;
    }
    Path at = top;
    BasicFileAttributes attrs = null;
    for (int i = depth; i < count; i++) {
      String name = file.getName(i).toString();
      if (name.equals(".") || name.equals("..")) {
        return null;
      }
      at = at.resolve(name);
      try {
        attrs = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        return null;
      }
      if (attrs.isSymbolicLink() || (i < count - 1 && !attrs.isDirectory())) {
        return null;
      }
    }
    return new Plain(at, attrs);
  }

  private Path inDirectory(Path file) {
    if (plain(file) != null) {
      return file;
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return file;
    }
    if (top == null) {
      return file;
    }
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      throw refused(file, "is a symbolic link that leads nowhere (or loops); it is not read");
    }
    if (!real.startsWith(top)) {
      throw refused(file, "is a symbolic link leading outside " + root + "; it is not read");
    }
    return file;
  }

  private Path underRoot(Path file) {
    if (top == null) {
      return file;
    }
    Path rel = root.relativize(file);
    Deque<String> todo = new ArrayDeque<>();
    for (Path p : rel) {
      todo.addLast(p.toString());
    }
    Path at = top;
    int links = 0;
    String lastTarget = null;
    while (!todo.isEmpty()) {
      String c = todo.removeFirst();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        at = at.equals(top) ? top : at.getParent();
        continue;
      }
      Path next = at.resolve(c);
      if (!Files.isSymbolicLink(next)) {
        at = next;
        continue;
      }
      if (++links > MAX_LINKS) {
        throw refused(file, "passes more than " + MAX_LINKS + " symbolic links; it is not read");
      }
      Path target;
      try {
        target = Files.readSymbolicLink(next);
      } catch (IOException e) {
        throw refused(file, "is a symbolic link that cannot be read; it is not read");
      }
      lastTarget = target.toString();
      Deque<String> front = new ArrayDeque<>();
      for (Path p : target) {
        front.addLast(p.toString());
      }
      while (!front.isEmpty()) {
        todo.addFirst(front.removeLast());
      }
      if (target.isAbsolute()) {
        at = top;
      }
    }
    if (lastTarget == null) {
      return file;
    }
    Path onNode = Path.of("/").resolve(top.relativize(at).toString());
    if (onNode.equals(DEV_NULL)) {
      return null;
    }
    String forbidden = InputFiles.forbiddenTree(onNode);
    if (forbidden != null) {
      throw refused(
          file,
          "is a symbolic link to "
              + lastTarget
              + ", under the node's "
              + forbidden
              + "; node files are not read from /proc, /dev or /sys");
    }
    if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
      throw refused(
          file, "is a symbolic link to " + lastTarget + ", which does not exist under " + root);
    }
    return root.resolve(top.relativize(at).toString());
  }

  private static InvalidInputException refused(Path file, String why) {
    return InvalidInputException.of(Position.of(file.toString()), "node file " + file + " " + why);
  }
}
