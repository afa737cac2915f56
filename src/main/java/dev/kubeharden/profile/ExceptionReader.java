package dev.kubeharden.profile;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.yaml.NodeReader;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a list of exceptions, the one grammar of a profile's {@code disable:} and an inventory's
 * {@code exceptions:}: {@code control} and {@code reason} required, {@code owner}, {@code ticket}
 * and {@code expires} (an ISO date, YYYY-MM-DD) optional; a control listed twice is an error.
 */
public final class ExceptionReader {
  public static final List<String> KEYS =
      List.of("control", "reason", "owner", "ticket", "expires");

  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final DateTimeFormatter ISO_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  /**
   * How one list is read.
   *
   * @param entry what messages call one entry ("disable[]", "exception")
   * @param layer the layer the exceptions belong to (a profile name, or the inventory)
   * @param atValue true to place an exception at its control value, false at its key
   * @param checkIds true to reject control ids that are not of the form SOURCE:ID while parsing
   */
  public record Grammar(String entry, String layer, boolean atValue, boolean checkIds) {}

  private final NodeReader r;
  private final Grammar g;

  private ExceptionReader(NodeReader r, Grammar g) {
    this.r = r;
    this.g = g;
  }

  /** The exceptions of {@code node} (a list; null reads as none), problems added to {@code r}. */
  public static List<Disable> read(NodeReader r, Node node, String what, Grammar g) {
    List<Disable> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(node, what);
    if (seq == null) {
      return out;
    }
    ExceptionReader reader = new ExceptionReader(r, g);
    Map<String, Position> seen = new HashMap<>();
    for (Node item : seq.items()) {
      Node.MapNode m = r.map(item, what + "[]");
      if (m != null) {
        Disable d = reader.entry(m, seen);
        if (d != null) {
          out.add(d);
        }
      }
    }
    return out;
  }

  private Disable entry(Node.MapNode m, Map<String, Position> seen) {
    r.onlyKeys(m, KEYS, g.entry());
    String id = r.string(m, "control", g.entry(), true);
    String reason = text(m, "reason", true);
    String owner = oneLine(m, "owner");
    String ticket = oneLine(m, "ticket");
    LocalDate expires = date(m);
    if (id == null) {
      return null;
    }
    Position pos = g.atValue() ? m.get("control").position() : r.keyPosition(m, "control");
    if (g.checkIds() && !ProfileParser.CONTROL_ID.matcher(id).matches()) {
      r.error(pos, g.entry() + ": \"" + id + "\" is not a control id such as CIS-1.12:4.2.7");
      return null;
    }
    Position first = seen.putIfAbsent(id, pos);
    if (first != null) {
      r.error(
          pos,
          g.entry() + ": control " + id + " is listed twice (first at line " + first.line() + ")");
      return null;
    }
    return reason == null ? null : new Disable(id, reason, g.layer(), pos, owner, ticket, expires);
  }

  /** A string that must not be blank; stripped. */
  private String text(Node.MapNode m, String key, boolean required) {
    String s = r.string(m, key, g.entry(), required);
    if (s != null && s.isBlank()) {
      r.error(m.get(key).position(), g.entry() + ": the " + key + " must not be empty");
      return null;
    }
    return s == null ? null : s.strip();
  }

  /** An optional one-line string: it lands in report table cells and listings. */
  private String oneLine(Node.MapNode m, String key) {
    String s = text(m, key, false);
    if (s != null && s.chars().anyMatch(Character::isISOControl)) {
      r.error(m.get(key).position(), g.entry() + ": the " + key + " must be one line of text");
      return null;
    }
    return s;
  }

  private LocalDate date(Node.MapNode m) {
    Node n = m.get("expires");
    if (n == null) {
      return null;
    }
    String text = n instanceof Node.Scalar s && !s.isNull() ? s.text() : null;
    if (text != null && DATE.matcher(text).matches()) {
      try {
        return LocalDate.parse(text, ISO_DATE);
      } catch (DateTimeParseException e) {
        // not a day of the calendar (2026-02-30): reported below
      }
    }
    r.error(
        n.position(),
        g.entry()
            + ".expires must be a date written YYYY-MM-DD, such as 2027-01-31 (got "
            + (text == null ? n.describe() : "\"" + text + "\"")
            + ")");
    return null;
  }
}
