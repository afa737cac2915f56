package dev.kubeharden.fleet;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.ExceptionUse;
import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.render.Json;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every exception declared for a resolution (profiles) or a fleet (an inventory's pools), each with
 * what it did where it applies, and its expiry against today: what {@code kubeharden exceptions}
 * prints, as text or json.
 *
 * @param subject what was resolved: "cis-1.12+site for Kubernetes 1.34", "inventory fleet.yaml"
 */
public record ExceptionList(String subject, ExpiryPolicy expiry, List<Entry> entries) {
  /** The most names a text line lists before "and N more". */
  static final int MAX_NAMES = 10;

  public ExceptionList {
    entries = List.copyOf(entries);
  }

  /**
   * One declared exception.
   *
   * @param title the control's title, or null when no profile applied defines it
   * @param uses what it did in each resolution it is part of
   */
  public record Entry(Disable exception, String title, List<Use> uses) {
    public Entry {
      uses = List.copyOf(uses);
    }

    /** In force if it is anywhere; else shadowed if it is anywhere; else unused. */
    public ExceptionUse.Use status() {
      for (ExceptionUse.Use s : List.of(ExceptionUse.Use.IN_FORCE, ExceptionUse.Use.SHADOWED)) {
        if (uses.stream().anyMatch(u -> u.use().use() == s)) {
          return s;
        }
      }
      return uses.isEmpty() ? ExceptionUse.Use.NOT_DEFINED : uses.get(0).use().use();
    }
  }

  /**
   * What an exception did in one resolution.
   *
   * @param name the resolved profile's name, or "cluster/pool" in a fleet
   */
  public record Use(String name, KubeVersion version, ExceptionUse use) {}

  /** The errors of expired exceptions, one each, at their positions. */
  public List<Problem> expiredProblems() {
    List<Problem> out = new ArrayList<>();
    for (Entry e : entries) {
      if (expiry.expired(e.exception())) {
        out.add(Problem.error(e.exception().position(), expiry.expiredMessage(e.exception())));
      }
    }
    return out;
  }

  /** How many are "in force", "shadowed" or "unused" overall. */
  private long count(String label) {
    return entries.stream().filter(e -> e.status().label().equals(label)).count();
  }

  /** In force in some pools, shadowed or unused in others. */
  private long partly() {
    return entries.stream()
        .filter(e -> e.status() == ExceptionUse.Use.IN_FORCE)
        .filter(e -> e.uses().stream().anyMatch(u -> u.use().use() != ExceptionUse.Use.IN_FORCE))
        .count();
  }

  private long expiring() {
    return entries.stream().filter(e -> expiry.expiresSoon(e.exception())).count();
  }

  private long expired() {
    return entries.stream().filter(e -> expiry.expired(e.exception())).count();
  }

  /** The last line of the text form. */
  String summary() {
    return entries.size()
        + (entries.size() == 1 ? " exception: " : " exceptions: ")
        + count("in force")
        + " in force"
        + (partly() == 0 ? "" : " (" + partly() + " of them shadowed or unused in some pools)")
        + ", "
        + count("shadowed")
        + " shadowed, "
        + count("unused")
        + " unused; "
        + expiring()
        + " expiring within "
        + expiry.warnDays()
        + (expiry.warnDays() == 1 ? " day, " : " days, ")
        + expired()
        + " expired";
  }

  /** The text form: one block an exception, then a summary line. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("exceptions of ").append(subject).append(", on ").append(expiry.today());
    sb.append("\n");
    for (Entry e : entries) {
      Disable d = e.exception();
      sb.append('\n').append(d.controlId());
      if (e.title() != null) {
        sb.append(" (").append(e.title()).append(')');
      }
      sb.append('\n');
      line(sb, "status", status(e));
      line(sb, "reason", d.reason().replaceAll("\\s+", " "));
      line(sb, "owner", d.owner() == null ? "-" : d.owner());
      line(sb, "ticket", d.ticket() == null ? "-" : d.ticket());
      line(sb, "expires", expires(d));
      line(sb, "declared", d.position() + " (" + d.profile() + ")");
    }
    sb.append('\n').append(summary()).append('\n');
    return sb.toString();
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append("  ").append(key).append(':').append(" ".repeat(10 - key.length() - 1));
    sb.append(value).append('\n');
  }

  private String expires(Disable d) {
    if (d.expires() == null) {
      return "never";
    }
    if (expiry.expired(d)) {
      return d.expires() + " (EXPIRED)";
    }
    long days = ChronoUnit.DAYS.between(expiry.today(), d.expires());
    String left =
        days == 0 ? "today is its last day" : "in " + days + (days == 1 ? " day" : " days");
    return d.expires()
        + " ("
        + left
        + (expiry.expiresSoon(d) ? ", within the warning window)" : ")");
  }

  /**
   * "in force", "unused: ...", or, where it differs between pools, each status with the pools it
   * holds in.
   */
  private static String status(Entry e) {
    Map<String, List<String>> byStatus = new LinkedHashMap<>();
    for (Use u : e.uses()) {
      byStatus.computeIfAbsent(describe(u), k -> new ArrayList<>()).add(u.name());
    }
    if (byStatus.size() == 1 && e.uses().size() == 1) {
      return byStatus.keySet().iterator().next();
    }
    List<String> parts = new ArrayList<>();
    byStatus.forEach((status, names) -> parts.add(status + " [" + names(names) + "]"));
    return String.join("; ", parts);
  }

  private static String describe(Use u) {
    ExceptionUse use = u.use();
    String s = use.describe(u.version());
    return use.use() == ExceptionUse.Use.SHADOWED ? s + " at " + use.shadowedBy().position() : s;
  }

  private static String names(List<String> names) {
    if (names.size() <= MAX_NAMES) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_NAMES))
        + " and "
        + (names.size() - MAX_NAMES)
        + " more";
  }

  /** The json form ({@code kubeharden.dev/exceptions/v1}). */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", "kubeharden.dev/exceptions/v1");
    root.put("subject", subject);
    root.put("today", expiry.today().toString());
    root.put("warnDays", (long) expiry.warnDays());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("exceptions", (long) entries.size());
    summary.put("inForce", count("in force"));
    summary.put("shadowed", count("shadowed"));
    summary.put("unused", count("unused"));
    summary.put("inForcePartly", partly());
    summary.put("expiring", expiring());
    summary.put("expired", expired());
    root.put("summary", summary);
    List<Object> list = new ArrayList<>();
    for (Entry e : entries) {
      Disable d = e.exception();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("control", d.controlId());
      m.put("title", e.title());
      m.put("reason", d.reason());
      m.put("owner", d.owner());
      m.put("ticket", d.ticket());
      m.put("expires", d.expires() == null ? null : d.expires().toString());
      m.put("expired", expiry.expired(d));
      m.put("expiring", expiry.expiresSoon(d));
      m.put("declaredBy", d.profile());
      m.put("declaredAt", position(d.position()));
      m.put("status", e.status().label());
      List<Object> uses = new ArrayList<>();
      for (Use u : e.uses()) {
        Map<String, Object> um = new LinkedHashMap<>();
        um.put("name", u.name());
        um.put("kubernetesVersion", u.version().toString());
        um.put("status", u.use().use().label());
        um.put("why", u.use().use() == ExceptionUse.Use.IN_FORCE ? null : u.use().why(u.version()));
        um.put(
            "shadowedBy",
            u.use().shadowedBy() == null ? null : position(u.use().shadowedBy().position()));
        uses.add(um);
      }
      m.put("appliesTo", uses);
      list.add(m);
    }
    root.put("exceptions", list);
    return Json.write(root);
  }

  private static Map<String, Object> position(Position p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", p.source());
    m.put("line", (long) p.line());
    m.put("column", (long) p.column());
    return m;
  }
}
