package dev.kubeharden.yaml;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads YAML into {@link Node} trees that keep positions. Only the YAML 1.2 core schema is
 * understood: explicit tags other than the standard ones, merge keys, duplicate keys, deep nesting
 * and alias expansion beyond small limits are reported as problems, all of them, never constructed.
 */
public final class YamlLoader {
  private static final int MAX_ALIASES = 20;
  private static final int MAX_DEPTH = 64;

  /**
   * How deep SnakeYAML itself may nest before it gives up without a position: far above {@link
   * #MAX_DEPTH}, so that the converter reports the first node too deep at its own position.
   */
  private static final int PARSER_DEPTH = 1000;

  /**
   * The most nodes alias expansion may add to a document (an alias bomb expands exponentially);
   * nodes written out in the text are bounded by the input size alone, so a large inventory (a
   * 100,000-pool fleet) is not mistaken for one.
   */
  private static final int MAX_ALIASED_NODES = 200_000;

  private static final int MAX_CODE_POINTS = 8 * 1024 * 1024;
  private static final Set<String> SAFE_TAGS =
      Set.of("str", "int", "float", "bool", "null", "map", "seq");

  private static final Set<String> BOOL = Set.of("true", "True", "TRUE", "false", "False", "FALSE");
  private static final Set<String> NULL = Set.of("null", "Null", "NULL", "~", "");

  private YamlLoader() {}

  /**
   * Loads one JSON or YAML document of plain data (maps, lists, strings, numbers, booleans, null)
   * of up to {@code maxCodePoints}, such as a report.json; duplicate keys and anything else are
   * problems, reported without quoting the text.
   */
  public static Object loadData(String source, String text, int maxCodePoints) {
    Yaml yaml = yaml(false, MAX_DEPTH, maxCodePoints, new CoreResolver());
    try {
      return yaml.load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw InvalidInputException.of(
          mark == null ? new Position(source, 1, 1) : position(source, mark),
          "not a valid JSON or YAML document");
    } catch (YAMLException | StackOverflowError e) {
      throw InvalidInputException.of(
          new Position(source, 1, 1), "not a valid JSON or YAML document");
    }
  }

  /**
   * Loads a YAML document kubeharden generated (a target's file, parsed back before it is written)
   * as plain data, with SnakeYAML's own resolver: duplicate keys refused, aliases bounded. A
   * problem is a RuntimeException whose message says what and where.
   */
  public static Object loadGenerated(String text) {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false);
    o.setMaxAliasesForCollections(10);
    return new Yaml(new SafeConstructor(o)).load(text);
  }

  /** Writes plain data (maps, lists, scalars) as one block-style YAML document. */
  public static String dumpBlock(Object data) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o).dump(data);
  }

  /** Loads a single-document source. */
  public static Node load(String source, String text) {
    List<Node> docs = loadAll(source, text);
    if (docs.isEmpty()) {
      throw InvalidInputException.of(new Position(source, 1, 1), "the file holds no YAML document");
    }
    if (docs.size() > 1) {
      Position second = docs.get(1).position();
      throw new InvalidInputException(
          List.of(
              withLine(Problem.error(second, "expected one YAML document, found several"), text)));
    }
    return docs.get(0);
  }

  /**
   * Loads the one document of a file the kubelet reads (its config file, a drop-in): go-yaml's
   * Unmarshal decodes the first document only, so an empty first document (the kubelet then finds
   * no kind) and a second document (ignored by the kubelet) are refused rather than read past.
   */
  public static Node loadKubeletFile(String source, String text) {
    List<Node> docs = documents(source, text);
    if (!docs.isEmpty() && isEmpty(docs.get(0)) && docs.size() > 1) {
      throw new InvalidInputException(
          List.of(
              withLine(
                  Problem.error(
                      docs.get(0).position(),
                      "the first YAML document is empty; the kubelet reads only the first"
                          + " document of the file"),
                  text)));
    }
    return load(source, text);
  }

  /**
   * Loads every document of a source. Empty documents (nothing, only comments, or a plain null) are
   * skipped, as kubectl skips them, so a file of empty documents and one profile is that profile.
   */
  public static List<Node> loadAll(String source, String text) {
    List<Node> docs = new ArrayList<>();
    for (Node d : documents(source, text)) {
      if (!isEmpty(d)) {
        docs.add(d);
      }
    }
    return docs;
  }

  private static boolean isEmpty(Node doc) {
    return doc instanceof Node.Scalar s && s.isNull();
  }

  /**
   * A SnakeYAML loader of plain data only: aliases, nesting and size bounded, no recursive keys.
   */
  private static Yaml yaml(boolean duplicates, int depth, int codePoints, Resolver resolver) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(duplicates);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(depth);
    options.setCodePointLimit(codePoints);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(
        new SafeConstructor(options), new Representer(dumper), dumper, options, resolver);
  }

  private static List<Node> documents(String source, String text) {
    // duplicate keys are detected below, with positions, all of them
    Yaml yaml = yaml(true, PARSER_DEPTH, MAX_CODE_POINTS, new Plain());
    List<Node> docs = new ArrayList<>();
    Converter converter = new Converter(source);
    converter.problems.addAll(Unicode.ambiguousCharacters(source, text));
    if (!converter.problems.isEmpty()) {
      throw inFileOrder(converter.problems, text);
    }
    try {
      for (org.yaml.snakeyaml.nodes.Node raw : yaml.composeAll(new StringReader(text))) {
        if (raw != null) {
          Node node = converter.convert(raw, 0, false);
          if (node != null) {
            docs.add(node);
          }
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Position pos = mark == null ? new Position(source, 1, 1) : position(source, mark);
      String msg = e.getProblem() != null ? e.getProblem() : e.getMessage();
      if (e.getContext() != null && e.getProblem() != null) {
        msg = e.getProblem() + " (" + e.getContext() + ")";
      }
      converter.problems.add(Problem.error(pos, "YAML syntax: " + oneLine(msg)));
    } catch (ReaderException e) {
      // SnakeYAML's reader stops on a character YAML does not allow (c-printable), without a mark.
      converter.problems.add(
          Problem.error(
              codePointPosition(source, text, e.getCodePoint()),
              String.format(
                  "the character U+%04X is not allowed in YAML (only printable characters, tab and"
                      + " line breaks are)",
                  e.getCodePoint())));
    } catch (YAMLException e) {
      String message = oneLine(e.getMessage());
      converter.problems.add(
          message.startsWith("Nesting Depth exceeded")
              ? Problem.error(
                  flowDepthPosition(source, text, MAX_DEPTH),
                  "nesting deeper than " + MAX_DEPTH + " levels")
              : Problem.error(new Position(source, 1, 1), "YAML: " + message));
    } catch (StackOverflowError e) {
      converter.problems.add(Problem.error(new Position(source, 1, 1), "YAML nesting is too deep"));
    }
    if (!converter.problems.isEmpty()) {
      List<Problem> withLines = new ArrayList<>();
      for (Problem p : converter.problems) {
        withLines.add(withLine(p, text));
      }
      throw new InvalidInputException(withLines);
    }
    return docs;
  }

  /**
   * The problems of one source in line and column order, each with its source line, as one
   * exception.
   */
  public static InvalidInputException inFileOrder(List<Problem> problems, String text) {
    List<Problem> sorted = new ArrayList<>();
    for (Problem p : problems) {
      sorted.add(withLine(p, text));
    }
    sorted.sort(
        java.util.Comparator.comparingInt((Problem p) -> p.position().line())
            .thenComparingInt(p -> p.position().column()));
    return new InvalidInputException(sorted);
  }

  /** Attaches the source line of a problem's position, for the caret display. */
  public static Problem withLine(Problem p, String text) {
    if (!p.position().hasLine() || text == null) {
      return p;
    }
    Unicode.Lines lines = LAST_LINES.get();
    if (lines == null || !lines.text().equals(text)) {
      lines = new Unicode.Lines(text);
      LAST_LINES.set(lines);
    }
    String line = lines.line(p.position().line());
    return line != null ? p.withSourceLine(excerpt(line)) : p;
  }

  /**
   * The line index of the text last given to {@link #withLine} on this thread: the problems of a
   * file come one after another, and finding a line from the start each time would make a file of
   * many problems quadratic.
   */
  private static final ThreadLocal<Unicode.Lines> LAST_LINES = new ThreadLocal<>();

  /** The longest source line shown under a message, in code points. */
  static final int MAX_EXCERPT = 120;

  /**
   * A source line as messages show it: control and line-separator characters as '?', at most {@link
   * #MAX_EXCERPT} code points, then "...".
   */
  static String excerpt(String line) {
    String clean = line.replaceAll("[\\p{Cntrl}\\u2028\\u2029&&[^\\t]]", "?");
    if (clean.codePointCount(0, clean.length()) <= MAX_EXCERPT) {
      return clean;
    }
    return clean.substring(0, clean.offsetByCodePoints(0, MAX_EXCERPT)) + "...";
  }

  /**
   * Where flow collections ({@code [} and <code>{</code>, outside quotes) first nest deeper than
   * {@code limit}: the position SnakeYAML does not give when it stops on nesting; 1:1 for block
   * nesting.
   */
  static Position flowDepthPosition(String source, String text, int limit) {
    int depth = 0;
    int line = 1;
    int column = 1;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        column = 1;
        continue;
      }
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
          column++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '{') {
        if (++depth > limit + 1) { // the outermost collection is depth 0, as for the converter
          return new Position(source, line, column);
        }
      } else if (c == ']' || c == '}') {
        depth--;
      }
      if (!Character.isLowSurrogate(c)) {
        column++;
      }
    }
    return new Position(source, 1, 1);
  }

  /**
   * Where {@code codePoint} first occurs in {@code text} (lines broken at \n, \r\n and a lone \r,
   * as SnakeYAML breaks them; columns in code points); 1:1 when it does not.
   */
  static Position codePointPosition(String source, String text, int codePoint) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (c == codePoint) {
        return new Position(source, line, column);
      }
      i += Character.charCount(c);
      if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
        line++;
        column = 1;
      } else if (c != '\r') {
        column++;
      }
    }
    return new Position(source, 1, 1);
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  static Position position(String source, Mark mark) {
    return new Position(source, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /**
   * Resolves a plain scalar's text to a core schema kind: null, bool, int, float or str. Numbers
   * are what {@link YamlNumbers#form} says (the number forms of YAML 1.2 and of the kubelet's YAML
   * 1.1 reader), so a text the kubelet reads as a number is never taken for a string.
   */
  public static String coreTag(String text) {
    if (NULL.contains(text)) {
      return "null";
    }
    if (BOOL.contains(text)) {
      return "bool";
    }
    String number = YamlNumbers.form(text);
    return number != null ? number : "str";
  }

  /**
   * Gives every untagged plain scalar one marker tag instead of SnakeYAML's YAML 1.1 guess, so that
   * an explicit {@code !!str} is told apart from a plain scalar that SnakeYAML would call a string
   * (such as {@code 0o20}); {@link #coreTag} decides what plain scalars are.
   */
  private static final class Plain extends Resolver {
    static final Tag TAG = new Tag("tag:kubeharden.dev,2024:plain");

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      return kind == NodeId.scalar && implicit ? TAG : super.resolve(kind, value, implicit);
    }
  }

  /**
   * Implicit tags of the YAML 1.2 core schema only. SnakeYAML's default resolver also types plain
   * scalars as YAML 1.1 timestamps ({@code 2026-06-30}), which the converter would then refuse as
   * an unsafe tag; in the core schema they are strings. Merge keys are still resolved, to be
   * refused.
   */
  private static final class CoreResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, Resolver.BOOL, "yYnNtTfFoO", 10);
      addImplicitResolver(Tag.INT, Resolver.INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, Resolver.FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, Resolver.MERGE, "<", 10);
      addImplicitResolver(Tag.NULL, Resolver.NULL, "~nN\0", 10);
      addImplicitResolver(Tag.NULL, Resolver.EMPTY, null, 10);
    }
  }

  private static final class Converter {
    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private int aliased;
    private final java.util.Set<org.yaml.snakeyaml.nodes.Node> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    Converter(String source) {
      this.source = source;
    }

    /**
     * Converts {@code raw}; {@code viaAlias} when it is reached through an alias (SnakeYAML gives
     * an alias the very node it names, so a node met twice is an alias's).
     */
    Node convert(org.yaml.snakeyaml.nodes.Node raw, int depth, boolean viaAlias) {
      Position pos = position(source, raw.getStartMark());
      viaAlias |= !seen.add(raw);
      if (viaAlias && ++aliased > MAX_ALIASED_NODES) {
        throw new YAMLException(
            "aliases expand the document by more than "
                + MAX_ALIASED_NODES
                + " nodes (alias bomb?)");
      }
      if (depth > MAX_DEPTH) {
        problems.add(Problem.error(pos, "nesting deeper than " + MAX_DEPTH + " levels"));
        return null;
      }
      Tag tag = raw.getTag();
      boolean explicitStr = false;
      String explicit = null;
      if (tag != null && !tag.equals(Tag.MERGE) && !tag.equals(Plain.TAG)) {
        String value = tag.getValue();
        if (!value.startsWith(Tag.PREFIX)
            || !SAFE_TAGS.contains(value.substring(Tag.PREFIX.length()))) {
          problems.add(Problem.error(pos, "unsupported or unsafe YAML tag " + shortTag(value)));
          return null;
        }
        explicitStr = tag.equals(Tag.STR);
        explicit = value.substring(Tag.PREFIX.length());
      }
      if (raw instanceof ScalarNode s) {
        if (!acceptable(s.getValue(), pos)) {
          return null;
        }
        boolean plain = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        String kind = plain ? coreTag(s.getValue()) : "str";
        if (plain && explicitStr && !"str".equals(kind)) {
          plain = false;
          kind = "str";
        }
        if (explicit != null
            && Set.of("int", "float", "bool", "null").contains(explicit)
            && !explicit.equals(kind)
            && !("float".equals(explicit) && "int".equals(kind))) {
          problems.add(
              Problem.error(
                  pos, "the value does not have the form its tag !!" + explicit + " says"));
          return null;
        }
        return new Node.Scalar(s.getValue(), plain, kind, pos);
      }
      if (raw instanceof SequenceNode seq) {
        List<Node> items = new ArrayList<>();
        for (org.yaml.snakeyaml.nodes.Node child : seq.getValue()) {
          Node n = convert(child, depth + 1, viaAlias);
          if (n != null) {
            items.add(n);
          }
        }
        return new Node.SeqNode(items, pos);
      }
      MappingNode map = (MappingNode) raw;
      Map<String, Node.Entry> entries = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        org.yaml.snakeyaml.nodes.Node k = t.getKeyNode();
        Position kpos = position(source, k.getStartMark());
        if (k.getTag().equals(Tag.MERGE)
            || (k.getTag().equals(Plain.TAG) && "<<".equals(((ScalarNode) k).getValue()))) {
          problems.add(
              Problem.error(kpos, "YAML merge keys (<<) are not supported; write the keys out"));
          continue;
        }
        if (!(k instanceof ScalarNode ks)) {
          problems.add(Problem.error(kpos, "mapping keys must be plain strings"));
          continue;
        }
        String key = ks.getValue();
        if (!acceptable(key, kpos)) {
          continue;
        }
        if (entries.containsKey(key)) {
          Position first = entries.get(key).keyPosition();
          problems.add(
              Problem.error(
                  kpos,
                  "duplicate key \"" + key + "\" (first defined at line " + first.line() + ")"));
          continue;
        }
        Node v = convert(t.getValueNode(), depth + 1, viaAlias);
        if (v != null) {
          entries.put(key, new Node.Entry(key, kpos, v));
        }
      }
      return new Node.MapNode(entries, pos);
    }

    /** Records a problem for a string with an unpaired surrogate or a forbidden character. */
    private boolean acceptable(String text, Position pos) {
      if (Unicode.hasLoneSurrogate(text)) {
        problems.add(Problem.error(pos, Unicode.LONE_SURROGATE));
        return false;
      }
      int c = Unicode.forbiddenCharacter(text);
      if (c >= 0) {
        problems.add(Problem.error(pos, Unicode.forbidden(c)));
        return false;
      }
      return true;
    }

    private static String shortTag(String value) {
      return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }
  }
}
