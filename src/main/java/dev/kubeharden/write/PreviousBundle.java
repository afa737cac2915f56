package dev.kubeharden.write;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.render.Manifest;
import dev.kubeharden.yaml.InputFiles;
import dev.kubeharden.yaml.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

  /** Deeper than any report kubeharden writes. */
  private static final int MAX_DEPTH = 64;

  private final Path dir;

  /** report.json as {@link #manifest} read it. */
  private byte[] reportBytes;

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
    return new PreviousBundle(dir).files(false);
  }

  /**
   * {@link #check} and {@link #listedFiles} at once, for a replacement that compares the previous
   * bundle with the new one: the manifest parsed once and each listed file read once, to hash it
   * and to show it.
   */
  static Map<String, String> checkedFiles(Path dir) throws IOException {
    return new PreviousBundle(dir).files(true);
  }

  private Map<String, String> files(boolean verify) throws IOException {
    Map<String, String> manifest = manifest(report());
    List<String> foreign = verify ? foreign(manifest.keySet()) : List.of();
    List<String> changed = new ArrayList<>();
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : manifest.entrySet()) {
      String rel = e.getKey();
      Path f = dir.resolve(rel);
      if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (!plainFile(rel)) {
        out.put(rel, NOT_PLAIN);
      } else if (Files.size(f) > MAX_SHOWN_BYTES) {
        if (verify && !sha256(f).equals(e.getValue())) {
          changed.add(rel);
        }
        out.put(rel, tooLarge(f));
      } else {
        byte[] bytes;
        try (InputStream in =
            Files.newInputStream(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
          bytes = in.readAllBytes();
        }
        if (verify && !Manifest.sha256(bytes).equals(e.getValue())) {
          changed.add(rel);
        }
        out.put(rel, text(bytes, rel));
      }
    }
    refuseUnless(foreign, changed);
    out.put(REPORT, new String(reportBytes, StandardCharsets.UTF_8));
    return out;
  }

  /** The largest listed file {@link #listedFiles} reads. */
  static final long MAX_SHOWN_BYTES = 8L * 1024 * 1024;

  private static final String NOT_PLAIN =
      "(not a regular file, or reached through a symbolic link: not read)\n";

  private static String tooLarge(Path f) throws IOException {
    return "(" + Files.size(f) + " bytes: larger than a bundle file, not read)\n";
  }

  /** {@code bytes} as UTF-8 text, or a one-line placeholder when they are not. */
  private static String text(byte[] bytes, String rel) {
    try {
      return InputFiles.decode(bytes, rel);
    } catch (InvalidInputException e) {
      return "(not UTF-8 text: not shown)\n";
    }
  }

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
    Map<String, String> manifest = manifest(report());
    refuseUnless(foreign(manifest.keySet()), changed(manifest));
  }

  /** The listed files that are plain files whose content is not the listed one, in path order. */
  private List<String> changed(Map<String, String> listed) throws IOException {
    return changed(listed, false);
  }

  /**
   * As above; with {@code strict}, a listed file that exists but is no longer a plain file (a
   * directory or a link put in its place) counts as changed too (the layout check found it plain).
   */
  private List<String> changed(Map<String, String> listed, boolean strict) throws IOException {
    Stream<Map.Entry<String, String>> entries =
        listed.size() < PARALLEL_FROM
            ? listed.entrySet().stream()
            : listed.entrySet().parallelStream();
    try {
      return entries.filter(e -> changed(e, strict)).map(Map.Entry::getKey).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private boolean changed(Map.Entry<String, String> listed, boolean strict) {
    try {
      if (!plainFile(listed.getKey())) {
        return strict && Files.exists(dir.resolve(listed.getKey()), LinkOption.NOFOLLOW_LINKS);
      }
      return !sha256(dir.resolve(listed.getKey())).equals(listed.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From how many listed files they are hashed on every core. */
  private static final int PARALLEL_FROM = 64;

  /**
   * Checks {@code dir} as {@link #check} does, except the contents of its files: those are checked
   * as the new bundle is written, through the returned {@link Pending}, then all at once by {@link
   * Pending#finish}, so a file the new bundle writes again with the same content is compared with
   * those bytes, not hashed (a 1,000-pool fleet's previous tree is about 100 MB). With entries the
   * previous bundle did not write, it refuses at once, naming the changed files as well.
   */
  static Pending pending(Path dir) throws IOException {
    PreviousBundle b = new PreviousBundle(dir);
    Map<String, String> manifest = b.manifest(b.report());
    b.reportBytes = null;
    Set<String> present = new HashSet<>();
    List<String> foreign = b.foreign(manifest.keySet(), present);
    if (!foreign.isEmpty()) {
      b.refuseUnless(foreign, b.changed(manifest));
    }
    // with nothing foreign, every entry of the tree is a listed file or one of their directories,
    // none a symbolic link: the listed files found are reached without links
    Map<String, String> found = new ConcurrentHashMap<>(present.size() * 2);
    for (String rel : present) {
      String hash = manifest.get(rel);
      if (hash != null) { // report.json is found but not listed
        found.put(rel, hash);
      }
    }
    return new Pending(b, found);
  }

  /**
   * The listed files of a previous bundle whose contents are still to be checked; {@link #written}
   * may be called from several threads.
   */
  static final class Pending {
    private final PreviousBundle bundle;
    private final Map<String, String> unchecked;
    private final Queue<String> changed = new ConcurrentLinkedQueue<>();

    private Pending(PreviousBundle bundle, Map<String, String> found) {
      this.bundle = bundle;
      this.unchecked = found;
    }

    /**
     * Checks the previous file at {@code path}, the new bundle writing {@code bytes} there (whose
     * SHA-256 is {@code sha256}, or null when not known): when that is the listed hash, the file is
     * unchanged exactly when it holds these bytes, so it is compared with them; otherwise hashed.
     */
    void written(String path, byte[] bytes, String sha256) throws IOException {
      String listed = unchecked.remove(path);
      if (listed == null) {
        return;
      }
      Path f = bundle.dir.resolve(path);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return; // removed since the layout check: nothing of it to lose
      }
      boolean same =
          a.isRegularFile()
              && (listed.equals(sha256)
                  ? holds(f, a, bytes)
                  : PreviousBundle.sha256(f).equals(listed));
      if (!same) {
        changed.add(path);
      }
    }

    /**
     * Checks the listed files nothing was written over, then refuses when any listed file changed
     * since the previous bundle wrote it.
     */
    void finish() throws IOException {
      List<String> all = new ArrayList<>(changed);
      all.addAll(bundle.changed(unchecked, true));
      unchecked.clear();
      bundle.refuseUnless(List.of(), all.stream().sorted().toList());
    }

    private static boolean holds(Path f, BasicFileAttributes a, byte[] bytes) throws IOException {
      if (a.size() != bytes.length) {
        return false;
      }
      try (InputStream in =
          Files.newInputStream(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        return Arrays.equals(in.readNBytes(bytes.length + 1), bytes);
      }
    }
  }

  private void refuseUnless(List<String> foreign, List<String> changed)
      throws BundleWriter.UnsafeTargetException {
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
    reportBytes = Files.readAllBytes(report);
    Object root;
    try {
      // kubeharden writes report.json as JSON: read as JSON only, strictly (a fleet's is large)
      root = JsonReader.read(REPORT, reportBytes, MAX_DEPTH);
    } catch (InvalidInputException e) {
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
    return foreign(listed, new HashSet<>());
  }

  /** As above, adding to {@code present} the listed files the walk found as regular files. */
  private List<String> foreign(Set<String> listed, Set<String> present) throws IOException {
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
            } else {
              present.add(rel);
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

  /**
   * {@code p} relative to the directory, its names joined by '/': a backslash is an ordinary
   * character of a file name on Linux, so a file named {@code a\b} must not pass for the listed
   * {@code a/b}.
   */
  private String rel(Path p) {
    Path r = dir.relativize(p);
    if (r.getNameCount() == 1) {
      return r.toString();
    }
    StringBuilder sb = new StringBuilder();
    for (Path name : r) {
      sb.append(sb.length() == 0 ? "" : "/").append(name);
    }
    return sb.toString();
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
