package dev.kubeharden.profile;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.yaml.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds profiles: the ones shipped inside the jar (by name) and files on disk (by path). Parsed
 * profiles are cached, so a fleet resolves each file once.
 */
public final class ProfileCatalog {
  private static final String SHIPPED_DIR = "kubeharden/profiles";

  /**
   * Whether a name has a shipped profile, by name: the jar's entries do not change while kubeharden
   * runs, and an inventory names the same few profiles for every cluster (a jar lookup each was
   * 1.5% of a 1,002-pool fleet's samples).
   */
  private static final Map<String, Boolean> SHIPPED = new ConcurrentHashMap<>();

  /** The alias that picks the CIS benchmark for the Kubernetes minor. */
  public static final String CIS_ALIAS = "cis";

  private final Map<String, Profile> cache = new ConcurrentHashMap<>();
  private volatile List<String> shippedNames;

  /** Whether a --profile argument names a file rather than a shipped profile. */
  public static boolean looksLikePath(String ref) {
    return ref.contains("/") || ref.endsWith(".yaml") || ref.endsWith(".yml");
  }

  /**
   * Resolves the {@code cis} alias for a minor (facts/benchmarks.tsv); returns other names
   * unchanged.
   */
  public static String resolveAlias(String name, KubeVersion v) {
    if (!CIS_ALIAS.equals(name)) {
      return name;
    }
    String[] row = Benchmarks.ROWS.get(v.minor());
    return row == null ? Benchmarks.newest() : row[1];
  }

  /** What the report says about the alias. */
  public static String aliasNote(KubeVersion v) {
    String target = resolveAlias(CIS_ALIAS, v);
    String[] row = Benchmarks.ROWS.get(v.minor());
    if (row == null || !"yes".equals(row[2])) {
      return "cis resolved to "
          + target
          + ": Kubernetes "
          + v
          + " is newer than every CIS benchmark kubeharden ships, so the newest one is used; kube-bench's"
          + " version_mapping has no benchmark for it either";
    }
    return "cis resolved to " + target + " for Kubernetes " + v;
  }

  /** The alias table, read once from {@code kubeharden/facts/benchmarks.tsv}. */
  private static final class Benchmarks {
    static final java.util.NavigableMap<Integer, String[]> ROWS = load();

    static String newest() {
      return ROWS.lastEntry().getValue()[1];
    }

    private static java.util.NavigableMap<Integer, String[]> load() {
      java.util.NavigableMap<Integer, String[]> rows = new java.util.TreeMap<>();
      for (String[] cols : dev.kubeharden.model.Facts.rows("benchmarks.tsv")) {
        KubeVersion minor = KubeVersion.parseOrNull(cols[0]);
        if (cols.length != 3 || minor == null) {
          throw new IllegalStateException(
              "kubeharden/facts/benchmarks.tsv: bad line: " + String.join("\t", cols));
        }
        rows.put(minor.minor(), cols);
      }
      if (rows.isEmpty()) {
        throw new IllegalStateException("kubeharden/facts/benchmarks.tsv lists no minor");
      }
      return rows;
    }
  }

  /** Names of the shipped profiles, sorted. */
  public List<String> shippedNames() {
    List<String> names = shippedNames;
    if (names == null) {
      names = listShipped();
      shippedNames = names;
    }
    return names;
  }

  /** Loads a shipped profile by name. */
  public Profile shipped(String name, Position referencedAt) {
    String key = "shipped:" + name;
    Profile p = cache.get(key);
    if (p != null) {
      return p;
    }
    // Open the resource directly: listing the jar's profile directory (a zip file system) costs
    // start-up time and is
    // only needed to explain an unknown name.
    try (InputStream in =
        isShipped(name) ? ProfileCatalog.class.getResourceAsStream(resource(name)) : null) {
      if (in == null) {
        List<String> candidates = new ArrayList<>(shippedNames());
        candidates.add(CIS_ALIAS);
        throw InvalidInputException.of(
            referencedAt,
            "unknown profile \""
                + name
                + "\""
                + Suggestions.hint(name, candidates)
                + " (shipped: "
                + String.join(", ", shippedNames())
                + ", cis)");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      p = ProfileParser.parse("profiles/" + name + ".yaml", text, null, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    checkNameMatches(p, name, "profiles/" + name + ".yaml");
    cache.put(key, p);
    return p;
  }

  /** Whether a shipped profile of this name exists (without listing them all). */
  public static boolean isShipped(String name) {
    return SHIPPED.computeIfAbsent(
        name,
        n ->
            ProfileParser.NAME.matcher(n).matches()
                && !n.contains("..")
                && ProfileCatalog.class.getResource(resource(n)) != null);
  }

  private static String resource(String name) {
    return "/" + SHIPPED_DIR + "/" + name + ".yaml";
  }

  /** Loads a profile file. */
  public Profile file(Path path, Position referencedAt) {
    Path abs = path.toAbsolutePath().normalize();
    String key = "file:" + abs;
    Profile p = cache.get(key);
    if (p != null) {
      return p;
    }
    String text = InputFiles.read(path, "profile file", referencedAt);
    InputFiles.requireDocument(path.normalize().toString(), text, "a kubeharden profile");
    Path dir = abs.getParent();
    p =
        ProfileParser.parse(
            path.normalize().toString(), text, dir == null ? null : dir.toString(), false);
    cache.put(key, p);
    return p;
  }

  /** Loads a --profile argument or an extends entry. */
  public Profile load(String ref, String relativeTo, boolean fromShipped, Position referencedAt) {
    if (looksLikePath(ref)) {
      if (fromShipped) {
        throw InvalidInputException.of(
            referencedAt, "shipped profiles may only extend shipped profiles");
      }
      Path p = relativeTo == null ? Path.of(ref) : Path.of(relativeTo).resolve(ref);
      return file(p, referencedAt);
    }
    return shipped(ref, referencedAt);
  }

  private static void checkNameMatches(Profile p, String name, String source) {
    if (!name.equals(p.name())) {
      throw InvalidInputException.of(
          new Position(source, 1, 1),
          "shipped profile file name and metadata.name differ: " + p.name());
    }
  }

  private static List<String> listShipped() {
    URL url = ProfileCatalog.class.getResource("/" + SHIPPED_DIR);
    if (url == null) {
      return List.of();
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          fs = FileSystems.newFileSystem(uri, Map.of());
        }
        return names(fs.getPath("/" + SHIPPED_DIR));
      }
      return names(Path.of(uri));
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot list shipped profiles", e);
    }
  }

  private static List<String> names(Path dir) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(
          p -> {
            String f = p.getFileName().toString();
            if (f.endsWith(".yaml")) {
              names.add(f.substring(0, f.length() - 5));
            }
          });
    }
    return List.copyOf(names);
  }
}
