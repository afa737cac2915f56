package dev.kubeharden.inspect;

import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code KEY=value} lines of systemd units and drop-ins, split into shell words with their
 * positions ({@link KubeletCommandLine} gives them their meaning).
 */
final class SystemdUnits {
  private SystemdUnits() {}

  /**
   * One {@code KEY=value} line of a unit (with its continuation lines): the value's words, the
   * 1-based number of its last line, and the first line's value as written.
   */
  record Directive(String key, List<Word> words, int lastLine, String value) {}

  /**
   * Parsed units by text, with an anonymous source, bounded: the nodes of a fleet share their units
   * byte for byte. A unit with a quoting problem is not cached, so each node reports its own.
   */
  private static final Map<String, List<Directive>> UNITS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_UNITS = 4096;
  private static final int MAX_UNIT_TEXT = 64 * 1024;
  private static final String ANON = "";

  /** The unit's directives, its words labelled with its name; quoting problems go to problems. */
  static List<Directive> directives(ArgsSource s, List<Problem> problems) {
    String text = s.text();
    if (text.length() > MAX_UNIT_TEXT) {
      return parseUnit(text, s.name(), problems);
    }
    List<Directive> cached = UNITS.get(text);
    if (cached == null) {
      List<Problem> found = new ArrayList<>();
      List<Directive> parsed = parseUnit(text, ANON, found);
      if (!found.isEmpty()) {
        return parseUnit(text, s.name(), problems);
      }
      if (UNITS.size() < MAX_UNITS) {
        UNITS.putIfAbsent(text, parsed);
      }
      cached = parsed;
    }
    List<Directive> out = new ArrayList<>(cached.size());
    for (Directive d : cached) {
      List<Word> words = new ArrayList<>(d.words().size());
      for (Word w : d.words()) {
        words.add(w.withSource(s.name()));
      }
      out.add(new Directive(d.key(), words, d.lastLine(), d.value()));
    }
    return out;
  }

  private static List<Directive> parseUnit(String text, String source, List<Problem> problems) {
    List<Directive> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replace("\r", "");
      String t = line.strip();
      int eq = line.indexOf('=');
      if (t.isEmpty() || t.startsWith("#") || t.startsWith(";") || t.startsWith("[") || eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      List<Word> words = new ArrayList<>();
      // A trailing backslash continues the value on the next line; each line keeps its own
      // positions.
      String segment = line.substring(eq + 1);
      int lineNo = i + 1;
      int col = eq + 2;
      while (true) {
        boolean more = segment.endsWith("\\") && i + 1 < lines.length;
        if (segment.endsWith("\\")
            && (!more || (i + 2 == lines.length && lines[i + 1].isEmpty()))) {
          problems.add(
              Problem.error(
                  new Position(source, i + 1, lines[i].replace("\r", "").length()),
                  "the file ends in a continuation (a trailing backslash on its last line):"
                      + " systemd versions differ on whether that line counts (older ones drop"
                      + " it); end the line without the backslash"));
          return out;
        }
        words.addAll(
            ShellWords.split(
                more ? segment.substring(0, segment.length() - 1) : segment,
                source,
                lineNo,
                col,
                problems));
        if (!more) {
          break;
        }
        segment = lines[++i].replace("\r", "");
        lineNo = i + 1;
        col = 1;
      }
      out.add(new Directive(key, List.copyOf(words), i + 1, line.substring(eq + 1).strip()));
    }
    return out;
  }
}
