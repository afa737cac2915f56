package dev.kubeharden.inspect;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.yaml.InputFiles;
import dev.kubeharden.yaml.YamlLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster inputs of a diff, read with positions: the API server's flags (inline, a flags file,
 * a {@code ps} line, or its static pod manifest), its audit policy, and the cluster's namespaces
 * ({@code kubectl get ns -o yaml|json}, or Namespace documents). Each part is null when not given.
 */
public record ClusterView(ApiServer apiServer, AuditPolicy auditPolicy, Namespaces namespaces) {

  /** The API server's flags as passed, in order, and where they were read. */
  public record ApiServer(String source, List<Flag> flags) {
    public ApiServer {
      flags = List.copyOf(flags);
    }

    /** The last value passed for {@code name}, or null. */
    public Flag last(String name) {
      Flag out = null;
      for (Flag f : flags) {
        if (f.name().equals(name)) {
          out = f;
        }
      }
      return out;
    }

    /** Every occurrence of {@code name} (a string slice flag adds them up). */
    public List<Flag> all(String name) {
      return flags.stream().filter(f -> f.name().equals(name)).toList();
    }
  }

  /** An audit Policy document and its file. */
  public record AuditPolicy(String source, Node root, String text) {}

  /** One namespace: its name, where it is, and its labels with the position of each value. */
  public record Namespace(String name, Position position, Map<String, Node.Scalar> labels) {
    public Namespace {
      labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  /** The namespaces of a list, in order. */
  public record Namespaces(String source, List<Namespace> items) {
    public Namespaces {
      items = List.copyOf(items);
    }
  }

  /** The files and arguments read, for the report's inputs. */
  public List<String> inputs() {
    List<String> out = new ArrayList<>();
    if (apiServer != null) {
      out.add(apiServer.source());
    }
    if (auditPolicy != null) {
      out.add(auditPolicy.source());
    }
    if (namespaces != null) {
      out.add(namespaces.source());
    }
    return out;
  }

  /**
   * Reads what is given (any argument may be null): {@code apiServerArgs} inline, or {@code
   * apiServerFile}: a static pod manifest (a Pod whose container kube-apiserver's command and args
   * are the flags), or a flags file ({@code #} comment lines skipped; a {@code ps} line or a
   * command with the binary first works too).
   */
  public static ClusterView read(
      Path namespaces, Path auditPolicy, String apiServerArgs, Path apiServerFile) {
    ApiServer api = null;
    if (apiServerArgs != null) {
      api = flags("--apiserver-args", apiServerArgs);
    } else if (apiServerFile != null) {
      String name = apiServerFile.toString();
      String text = InputFiles.read(apiServerFile, "API server arguments file", Position.of(name));
      api = manifestOrFlags(name, text);
    }
    AuditPolicy audit = null;
    if (auditPolicy != null) {
      String name = auditPolicy.toString();
      String text = InputFiles.read(auditPolicy, "audit policy", Position.of(name));
      InputFiles.requireDocument(name, text, "an audit Policy");
      audit = new AuditPolicy(name, YamlLoader.load(name, text), text);
    }
    Namespaces ns = null;
    if (namespaces != null) {
      String name = namespaces.toString();
      String text = InputFiles.read(namespaces, "namespace list", Position.of(name));
      InputFiles.requireDocument(name, text, "a list of Namespaces (kubectl get ns -o yaml)");
      ns = namespaces(name, text);
    }
    return new ClusterView(api, audit, ns);
  }

  private static ApiServer manifestOrFlags(String source, String text) {
    if (!InputFiles.looksLikeDocument(text)) {
      return flags(source, text);
    }
    Node root = YamlLoader.load(source, text);
    if (!(root instanceof Node.MapNode m)
        || !(m.get("kind") instanceof Node.Scalar k)
        || !k.text().equals("Pod")) {
      throw InvalidInputException.of(
          root.position(),
          "expected the API server's static pod manifest (kind: Pod) or its flags, one per line");
    }
    Node containers = path(m, "spec", "containers");
    if (!(containers instanceof Node.SeqNode seq) || seq.items().isEmpty()) {
      throw InvalidInputException.of(m.position(), "the Pod has no spec.containers");
    }
    Node.MapNode container = null;
    for (Node c : seq.items()) {
      if (c instanceof Node.MapNode cm
          && cm.get("name") instanceof Node.Scalar n
          && n.text().equals("kube-apiserver")) {
        container = cm;
      }
    }
    if (container == null
        && seq.items().size() == 1
        && seq.items().get(0) instanceof Node.MapNode) {
      container = (Node.MapNode) seq.items().get(0);
    }
    if (container == null) {
      throw InvalidInputException.of(seq.position(), "no container named kube-apiserver");
    }
    // The container's argv is command then args (Kubernetes: args follow command when both are
    // given); each item is one argument, no shell splitting.
    List<Word> words = new ArrayList<>();
    for (String key : List.of("command", "args")) {
      if (container.get(key) instanceof Node.SeqNode items) {
        for (Node item : items.items()) {
          if (!(item instanceof Node.Scalar s)) {
            throw InvalidInputException.of(item.position(), key + " items must be strings");
          }
          words.add(word(s));
        }
      }
    }
    return new ApiServer(source, parse(words));
  }

  private static Word word(Node.Scalar s) {
    Position p = s.position();
    int start = p.column() + (s.plain() ? 0 : 1);
    int[] cols = new int[s.text().length()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = start + i;
    }
    return new Word(s.text(), p.source(), p.line(), cols);
  }

  private static ApiServer flags(String source, String text) {
    List<Problem> problems = new ArrayList<>();
    List<Word> words = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.strip().startsWith("#")) {
        continue;
      }
      // A continued command line (a unit's ExecStart= or a shell script): the backslash joins.
      if (line.endsWith("\\")) {
        line = line.substring(0, line.length() - 1);
      }
      words.addAll(ShellWords.split(line, source, i + 1, 1, problems));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new ApiServer(source, parse(words));
  }

  /** The flags, after the binary and anything before it (a ps line's columns). */
  private static List<Flag> parse(List<Word> words) {
    int first = 0;
    while (first < words.size() && !words.get(first).text().startsWith("-")) {
      first++;
    }
    if (first == words.size()) {
      Position at = words.isEmpty() ? Position.of("--apiserver-args") : words.get(0).position();
      throw InvalidInputException.of(at, "no API server flag (--name=value) found");
    }
    return FlagParser.parse(words.subList(first, words.size()), new ArrayList<>());
  }

  private static Namespaces namespaces(String source, String text) {
    List<Namespace> out = new ArrayList<>();
    for (Node doc : YamlLoader.loadAll(source, text)) {
      if (doc == null || (doc instanceof Node.Scalar s && s.isNull())) {
        continue;
      }
      if (!(doc instanceof Node.MapNode m)) {
        throw InvalidInputException.of(doc.position(), "expected Namespaces or a List of them");
      }
      if (m.get("items") instanceof Node.SeqNode items) {
        for (Node item : items.items()) {
          out.add(namespace(item));
        }
      } else {
        out.add(namespace(m));
      }
    }
    if (out.isEmpty()) {
      throw InvalidInputException.of(Position.of(source), "no Namespace in the file");
    }
    return new Namespaces(source, out);
  }

  private static Namespace namespace(Node n) {
    if (!(n instanceof Node.MapNode m)
        || (m.get("kind") instanceof Node.Scalar k && !k.text().equals("Namespace"))) {
      throw InvalidInputException.of(n.position(), "expected a Namespace");
    }
    if (!(path(m, "metadata", "name") instanceof Node.Scalar name)) {
      throw InvalidInputException.of(m.position(), "a Namespace needs metadata.name");
    }
    Map<String, Node.Scalar> labels = new LinkedHashMap<>();
    if (path(m, "metadata", "labels") instanceof Node.MapNode l) {
      for (Node.Entry e : l.entries().values()) {
        if (e.value() instanceof Node.Scalar v) {
          labels.put(e.key(), v);
        }
      }
    }
    return new Namespace(name.text(), name.position(), labels);
  }

  private static Node path(Node.MapNode m, String... keys) {
    Node at = m;
    for (String k : keys) {
      if (!(at instanceof Node.MapNode mm)) {
        return null;
      }
      at = mm.get(k);
    }
    return at;
  }
}
