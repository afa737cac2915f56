package dev.kubeharden.yaml;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Position;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the files kubeharden takes as input (profiles and what they extend, inventories, files to
 * validate): regular files only, of at most {@link #MAX_BYTES}, never under /proc, /dev or /sys
 * (where the link, if any, leads is what counts), UTF-8. A device, FIFO or directory fails at once
 * without being opened. Messages name the file and never quote it.
 */
public final class InputFiles {
  /** The largest input file read: 8 MiB (YAML is parsed up to 8 Mi code points). */
  public static final int MAX_BYTES = 8 * 1024 * 1024;

  private static final List<Path> FORBIDDEN =
      List.of(Path.of("/proc"), Path.of("/dev"), Path.of("/sys"));
  private static final Pattern PROFILE_LIKE =
      Pattern.compile("(?m)(^|[{,])[ \\t]*\"?(apiVersion|kind|metadata)\"?[ \\t]*:");

  private InputFiles() {}

  /**
   * The text of {@code file}; {@code what} names it in messages ("profile file", "inventory"), at
   * {@code where} (the reference to it, or the file itself).
   */
  public static String read(Path file, String what, Position where) {
    return decode(bytes(file, what, where), file.toString());
  }

  /**
   * The bytes of {@code file}, checked as {@link #read} checks them but not yet decoded: {@link
   * #decode} makes them text.
   */
  public static byte[] bytes(Path file, String what, Position where) {
    String name = file.toString();
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of(where, what + " " + name + " does not exist");
    } catch (IOException e) {
      throw InvalidInputException.of(where, "cannot read " + what + " " + name + ": " + reason(e));
    }
    refuseForbidden(real, what, name, where);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(real, BasicFileAttributes.class);
    } catch (IOException e) {
      throw InvalidInputException.of(where, "cannot read " + what + " " + name + ": " + reason(e));
    }
    return regularFile(real, attrs, what, name, where);
  }

  /**
   * As {@link #bytes(Path, String, Position)}, for a file whose real path ({@code real}, with no
   * link in it) and attributes the caller has already found.
   */
  public static byte[] bytes(
      Path file, Path real, BasicFileAttributes attrs, String what, Position where) {
    String name = file.toString();
    refuseForbidden(real, what, name, where);
    return regularFile(real, attrs, what, name, where);
  }

  private static void refuseForbidden(Path real, String what, String name, Position where) {
    String forbidden = forbiddenTree(real);
    if (forbidden != null) {
      throw InvalidInputException.of(
          where,
          what
              + " "
              + name
              + " is under "
              + forbidden
              + "; input files may not be under /proc, /dev or /sys");
    }
  }

  /** The bytes of the regular file {@code real} (named {@code name} in messages). */
  private static byte[] regularFile(
      Path real, BasicFileAttributes attrs, String what, String name, Position where) {
    if (!attrs.isRegularFile()) {
      throw InvalidInputException.of(
          where, what + " " + name + " is not a regular file (" + kind(attrs) + ")");
    }
    if (attrs.size() > MAX_BYTES) {
      throw tooLarge(what, name, where);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(real)) {
      // Sized by the file (one read for a small one), bounded should it grow meanwhile.
      bytes = in.readNBytes((int) Math.min(attrs.size() + 1, MAX_BYTES + 1L));
      if (bytes.length == attrs.size() + 1 && bytes.length <= MAX_BYTES) {
        byte[] rest = in.readNBytes(MAX_BYTES + 1 - bytes.length);
        if (rest.length > 0) {
          byte[] all = java.util.Arrays.copyOf(bytes, bytes.length + rest.length);
          System.arraycopy(rest, 0, all, bytes.length, rest.length);
          bytes = all;
        }
      }
    } catch (IOException e) {
      throw InvalidInputException.of(where, "cannot read " + what + " " + name + ": " + reason(e));
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(what, name, where);
    }
    return bytes;
  }

  /**
   * {@code bytes} of the file {@code name} as UTF-8 text; a problem naming it when they are not.
   */
  public static String decode(byte[] bytes, String name) {
    if (ascii(bytes)) {
      // Most inputs are ASCII, which is UTF-8 as it stands: no decoder, no UTF-16 round trip.
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw InvalidInputException.of(Position.of(name), "the file is not UTF-8 text");
    }
  }

  private static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Which of /proc, /dev and /sys the real path {@code real} is under (no input is read from
   * there), or null.
   */
  public static String forbiddenTree(Path real) {
    for (Path f : FORBIDDEN) {
      if (real.startsWith(f)) {
        return f.toString();
      }
    }
    return null;
  }

  /**
   * For a file of a tree the user named (a node directory): the file, once symbolic links are
   * followed, must still be inside {@code root}, so a link in the tree never leads a read
   * elsewhere. A file that does not exist passes (its reader names it).
   */
  public static void requireWithin(Path file, Path root, String what, Position where) {
    requireWithin(file, root, realPath(root), what, where);
  }

  /**
   * As {@link #requireWithin(Path, Path, String, Position)}, with the real path of {@code root}
   * already resolved ({@link #realPath}; null passes every file).
   */
  public static void requireWithin(
      Path file, Path root, Path realRoot, String what, Position where) {
    if (realRoot == null) {
      return;
    }
    try {
      if (!file.toRealPath().startsWith(realRoot)) {
        throw InvalidInputException.of(
            where,
            what + " " + file + " is a symbolic link leading outside " + root + "; it is not read");
      }
    } catch (IOException e) {
      // the reader names the missing or unreadable file
    }
  }

  /** The real path of {@code p} (links followed), or null when it has none. */
  public static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Whether {@code text} is plausibly a Kubernetes-style document (a line starting with apiVersion,
   * kind or metadata, as a YAML key or a JSON one): only then may messages about it show its lines.
   */
  public static boolean looksLikeDocument(String text) {
    return PROFILE_LIKE.matcher(text).find();
  }

  /**
   * Fails, naming the file, when {@code text} is not plausibly a document of the expected kind, so
   * that no message quotes a file that is not one (a password file, an environment file).
   */
  public static void requireDocument(String source, String text, String expected) {
    if (!looksLikeDocument(text)) {
      throw InvalidInputException.of(
          Position.of(source),
          "not " + expected + " (no apiVersion, kind or metadata key); its content is not shown");
    }
  }

  private static InvalidInputException tooLarge(String what, String name, Position where) {
    return InvalidInputException.of(
        where, what + " " + name + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    return a.isOther() ? "a device, FIFO or socket" : "not a plain file";
  }

  private static String reason(IOException e) {
    return e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
  }
}
