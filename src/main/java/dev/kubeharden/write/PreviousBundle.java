package dev.kubeharden.write;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.render.Manifest;
import dev.kubeharden.yaml.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Decides whether a non-empty directory may be replaced: only when it holds exactly what the
 * previous bundle wrote. Its report.json lists those files with their SHA-256 (the manifest); every
 * listed file present must still have that content, and nothing else (no .git, no file or folder of
 * the user's, no symbolic link) may be there. Decided from the manifest and the listing of the
 * tree; only the listed files are read.
 */
final class PreviousBundle {
  static final String REPORT = "report.json";

  /** The largest report.json read (a fleet's lists every file of the tree). */
  static final int MAX_REPORT_BYTES = 128 * 1024 * 1024;

  private static final int MAX_NAMED = 10;
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;

  private PreviousBundle(Path dir) {
    this.dir = dir;
  }

  /**
   * Throws when {@code dir} (absolute, normalized, an existing non-empty directory) is not ours.
   */
  static void check(Path dir) throws IOException {
    new PreviousBundle(dir).check();
  }

  private BundleWriter.UnsafeTargetException refuse(String why) {
    return new BundleWriter.UnsafeTargetException(
        dir + ": " + why + "; refusing to replace it (move them away or choose another --out)");
  }

  /**
   * The files {@code dir}'s manifest lists, as they are now: a listed file that is absent is left
   * out; one that is not a regular file reached without symbolic links, or larger than {@link
   * #MAX_SHOWN_BYTES}, or not UTF-8, is shown by a one-line placeholder, never read.
   */
  static Map<String, String> listedFiles(Path dir) throws IOException {
    PreviousBundle b = new PreviousBundle(dir);
    Path report = b.report();
    Map<String, String> out = new TreeMap<>();
    for (String rel : b.manifest(report).keySet()) {
      Path f = dir.resolve(rel);
      if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (!b.plainFile(rel)) {
        out.put(rel, "(not a regular file, or reached through a symbolic link: not read)\n");
      } else if (Files.size(f) > MAX_SHOWN_BYTES) {
        out.put(rel, "(" + Files.size(f) + " bytes: larger than a bundle file, not read)\n");
      } else {
        try {
          out.put(rel, Files.readString(f, StandardCharsets.UTF_8));
        } catch (java.nio.charset.CharacterCodingException e) {
          out.put(rel, "(not UTF-8 text: not shown)\n");
        }
      }
    }
    out.put(REPORT, Files.readString(report, StandardCharsets.UTF_8));
    return out;
  }

  /** The largest listed file {@link #listedFiles} reads. */
  static final long MAX_SHOWN_BYTES = 8L * 1024 * 1024;

  /**
   * Whether {@code rel} is a regular file reached from the directory without a symbolic link at any
   * step (a linked directory inside the bundle would lead the read elsewhere).
   */
  private boolean plainFile(String rel) {
    Path p = dir;
    String[] parts = rel.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      p = p.resolve(parts[i]);
      if (Files.isSymbolicLink(p)) {
        return false;
      }
      boolean last = i == parts.length - 1;
      if (!(last
          ? Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
          : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
        return false;
      }
    }
    return true;
  }

  private Path report() throws IOException {
    Path report = dir.resolve(REPORT);
    if (!Files.isRegularFile(report, LinkOption.NOFOLLOW_LINKS)) {
      throw new BundleWriter.UnsafeTargetException(
          dir
              + " is not empty and holds no kubeharden report.json; refusing to replace it (choose"
              + " another --out)");
    }
    return report;
  }

  private void check() throws IOException {
    Path report = report();
    Map<String, String> manifest = manifest(report);
    List<String> foreign = foreign(manifest.keySet());
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, String> e : manifest.entrySet()) {
      if (plainFile(e.getKey()) && !sha256(dir.resolve(e.getKey())).equals(e.getValue())) {
        changed.add(e.getKey());
      }
    }
    if (!foreign.isEmpty() || !changed.isEmpty()) {
      List<String> why = new ArrayList<>();
      if (!foreign.isEmpty()) {
        why.add("it holds entries the previous bundle did not write: " + names(foreign));
      }
      if (!changed.isEmpty()) {
        why.add("files changed since kubeharden wrote them: " + names(changed));
      }
      throw refuse(String.join("; ", why));
    }
  }

  /** The manifest of report.json, every path checked to stay inside the directory. */
  private Map<String, String> manifest(Path report) throws IOException {
    if (Files.size(report) > MAX_REPORT_BYTES) {
      throw refuse("report.json is larger than " + MAX_REPORT_BYTES / (1024 * 1024) + " MiB");
    }
    Object root;
    try {
      root =
          YamlLoader.loadData(
              REPORT, Files.readString(report, StandardCharsets.UTF_8), MAX_REPORT_BYTES);
    } catch (InvalidInputException | java.nio.charset.CharacterCodingException e) {
      throw refuse("report.json is not a kubeharden report");
    }
    if (!(root instanceof Map<?, ?> m) || !"kubeharden".equals(m.get("generator"))) {
      throw refuse("report.json is not a kubeharden report");
    }
    if (!(m.get(Manifest.FIELD) instanceof Map<?, ?> hashes)) {
      throw refuse(
          "report.json has no \""
              + Manifest.FIELD
              + "\" manifest of the files it wrote (written by hand, or by an older kubeharden)");
    }
    Map<String, String> out = new TreeMap<>();
    List<String> bad = new ArrayList<>();
    for (Map.Entry<?, ?> e : hashes.entrySet()) {
      if (!(e.getKey() instanceof String path)
          || !(e.getValue() instanceof String hash)
          || !SHA256.matcher(hash).matches()
          || !safeRelative(path)
          || path.equals(REPORT)) {
        bad.add(String.valueOf(e.getKey()));
      } else {
        out.put(path, hash);
      }
    }
    if (!bad.isEmpty()) {
      throw refuse("report.json lists paths or hashes kubeharden never writes: " + names(bad));
    }
    return out;
  }

  private static boolean safeRelative(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  /**
   * Entries of the tree that are not listed files or their directories, in walk order; a foreign
   * directory is named once ("dir/"), not entered.
   */
  private List<String> foreign(Set<String> listed) throws IOException {
    Set<String> files = new HashSet<>(listed);
    files.add(REPORT);
    Set<String> dirs = new HashSet<>();
    for (String f : files) {
      for (int i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) {
        dirs.add(f.substring(0, i));
      }
    }
    List<String> out = new ArrayList<>();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            if (d.equals(dir)) {
              return FileVisitResult.CONTINUE;
            }
            String rel = rel(d);
            if (dirs.contains(rel)) {
              return FileVisitResult.CONTINUE;
            }
            out.add(rel + "/");
            return FileVisitResult.SKIP_SUBTREE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            String rel = rel(f);
            if (!attrs.isRegularFile() || !files.contains(rel)) {
              out.add(rel);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            out.add(rel(f));
            return FileVisitResult.CONTINUE;
          }
        });
    return out;
  }

  private String rel(Path p) {
    return dir.relativize(p).toString().replace('\\', '/');
  }

  private static String sha256(Path f) throws IOException {
    try (InputStream in =
        new DigestInputStream(
            Files.newInputStream(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS),
            MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Up to ten names, sanitised to one line, and how many more. */
  private static String names(List<String> names) {
    List<String> shown = new ArrayList<>();
    for (String n : names.subList(0, Math.min(MAX_NAMED, names.size()))) {
      shown.add(n.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?"));
    }
    String s = String.join(", ", shown);
    return names.size() > MAX_NAMED ? s + " and " + (names.size() - MAX_NAMED) + " more" : s;
  }
}
