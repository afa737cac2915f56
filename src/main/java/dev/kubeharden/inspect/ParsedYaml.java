package dev.kubeharden.inspect;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link YamlLoader#loadKubeletFile} with a bounded cache keyed by the file's text: the nodes of a
 * fleet are provisioned from a few templates, so most config files and drop-ins repeat byte for
 * byte, and parsing (SnakeYAML) is the largest per-node cost of a fleet diff. A hit re-labels the
 * cached tree's positions with the file's own name, so the result is what a fresh parse gives.
 * Files that fail to parse are never cached (every node reports its problems).
 */
final class ParsedYaml {
  private static final String ANON = "";
  private static final int MAX_ENTRIES = 4096;
  private static final int MAX_TEXT = 64 * 1024;
  private static final Map<String, Node> CACHE = new ConcurrentHashMap<>();

  private ParsedYaml() {}

  static Node load(String source, String text) {
    if (text.length() > MAX_TEXT) {
      return YamlLoader.loadKubeletFile(source, text);
    }
    Node cached = CACHE.get(text);
    if (cached == null) {
      Node parsed =
          YamlLoader.loadKubeletFile(
              source, text); // throws on problems, with this source's positions
      if (CACHE.size() < MAX_ENTRIES) {
        CACHE.putIfAbsent(text, relabel(parsed, ANON));
      }
      return parsed;
    }
    return relabel(cached, source);
  }

  private static Node relabel(Node n, String source) {
    if (n instanceof Node.Scalar s) {
      return new Node.Scalar(s.text(), s.plain(), s.tag(), at(s.position(), source));
    }
    if (n instanceof Node.SeqNode seq) {
      List<Node> items = new ArrayList<>(seq.items().size());
      for (Node i : seq.items()) {
        items.add(relabel(i, source));
      }
      return new Node.SeqNode(items, at(seq.position(), source));
    }
    Node.MapNode map = (Node.MapNode) n;
    Map<String, Node.Entry> entries = new LinkedHashMap<>();
    for (Node.Entry e : map.entries().values()) {
      entries.put(
          e.key(),
          new Node.Entry(e.key(), at(e.keyPosition(), source), relabel(e.value(), source)));
    }
    return new Node.MapNode(entries, at(map.position(), source));
  }

  private static Position at(Position p, String source) {
    return new Position(source, p.line(), p.column());
  }
}
