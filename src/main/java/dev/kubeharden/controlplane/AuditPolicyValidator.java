package dev.kubeharden.controlplane;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates audit.k8s.io/v1 Policy documents: the schema (fields, levels, stages, nonResourceURLs
 * not mixed with resources or namespaces, at least one rule) and kubeharden's rules on top: no
 * catch-all RequestResponse, no policy that is only {@code level: None},
 * Secrets/ConfigMaps/TokenReviews never above Metadata, and kubelet-related traffic logged at least
 * at Metadata (first match wins, evaluated for an ordinary user and for a node).
 */
public final class AuditPolicyValidator {
  public static final String API_VERSION = "audit.k8s.io/v1";
  public static final List<String> LEVELS =
      List.of("None", "Metadata", "Request", "RequestResponse");
  public static final List<String> STAGES =
      List.of("RequestReceived", "ResponseStarted", "ResponseComplete", "Panic");
  private static final List<String> POLICY_KEYS =
      List.of("apiVersion", "kind", "metadata", "rules", "omitStages", "omitManagedFields");
  private static final List<String> RULE_KEYS =
      List.of(
          "level",
          "users",
          "userGroups",
          "verbs",
          "resources",
          "namespaces",
          "nonResourceURLs",
          "omitStages",
          "omitManagedFields");
  private static final List<String> GROUP_KEYS = List.of("group", "resources", "resourceNames");

  private static final String CATCH_ALL =
      "catch-all RequestResponse rule: it logs the contents of Secrets and"
          + " every response; restrict it to named resources";

  private AuditPolicyValidator() {}

  /**
   * Checks a profile's own audit rule: its schema, and that it is not a catch-all RequestResponse
   * rule (profile rules are placed after the Secrets and kubelet rules, so this is the one way they
   * can make the policy unsafe).
   */
  public static void checkProfileRule(Node node, List<Problem> out) {
    int before = out.size();
    checkRule(node, out);
    if (out.size() == before) {
      AuditRule r = AuditRule.of((Node.MapNode) node);
      if (r.level().equals("RequestResponse") && r.isCatchAll()) {
        out.add(Problem.error(node.position(), CATCH_ALL));
      }
    }
  }

  /** Checks one PolicyRule's schema. */
  public static void checkRule(Node node, List<Problem> out) {
    if (!(node instanceof Node.MapNode m)) {
      out.add(Problem.error(node.position(), "an audit rule must be a mapping"));
      return;
    }
    for (Node.Entry e : m.entries().values()) {
      if (!RULE_KEYS.contains(e.key())) {
        out.add(
            Problem.error(
                e.keyPosition(),
                "unknown audit rule field \""
                    + e.key()
                    + "\""
                    + Suggestions.hint(e.key(), RULE_KEYS)));
      }
    }
    Node level = m.get("level");
    if (!(level instanceof Node.Scalar s) || !LEVELS.contains(s.text())) {
      out.add(
          Problem.error(
              level == null ? m.position() : level.position(),
              "audit rule level must be one of " + String.join(", ", LEVELS)));
    }
    for (String key :
        List.of("users", "userGroups", "verbs", "namespaces", "nonResourceURLs", "omitStages")) {
      Node n = m.get(key);
      if (n != null && !(n instanceof Node.SeqNode)) {
        out.add(Problem.error(n.position(), "audit rule " + key + " must be a list"));
      }
    }
    if (m.get("omitStages") instanceof Node.SeqNode stages) {
      checkStages(stages, out);
    }
    if (m.get("nonResourceURLs") != null
        && (m.get("resources") != null || m.get("namespaces") != null)) {
      out.add(
          Problem.error(
              m.get("nonResourceURLs").position(),
              "nonResourceURLs cannot be combined with resources or namespaces in one rule"));
    }
    Node res = m.get("resources");
    if (res != null) {
      if (!(res instanceof Node.SeqNode seq)) {
        out.add(Problem.error(res.position(), "audit rule resources must be a list of groups"));
      } else {
        for (Node g : seq.items()) {
          if (!(g instanceof Node.MapNode gm)) {
            out.add(
                Problem.error(
                    g.position(), "each resources entry must be a mapping {group, resources}"));
            continue;
          }
          for (Node.Entry e : gm.entries().values()) {
            if (!GROUP_KEYS.contains(e.key())) {
              out.add(
                  Problem.error(
                      e.keyPosition(),
                      "unknown field \""
                          + e.key()
                          + "\" in a resources entry"
                          + Suggestions.hint(e.key(), GROUP_KEYS)));
            }
          }
        }
      }
    }
  }

  private static void checkStages(Node.SeqNode stages, List<Problem> out) {
    for (Node s : stages.items()) {
      if (!(s instanceof Node.Scalar sc) || !STAGES.contains(sc.text())) {
        out.add(
            Problem.error(s.position(), "unknown audit stage; use " + String.join(", ", STAGES)));
      }
    }
  }

  /** Validates a whole Policy document. */
  public static List<Problem> validate(Node root) {
    List<Problem> out = new ArrayList<>();
    if (!(root instanceof Node.MapNode m)) {
      out.add(Problem.error(root.position(), "an audit Policy must be a mapping"));
      return out;
    }
    for (Node.Entry e : m.entries().values()) {
      if (!POLICY_KEYS.contains(e.key())) {
        out.add(
            Problem.error(
                e.keyPosition(),
                "unknown Policy field \""
                    + e.key()
                    + "\""
                    + Suggestions.hint(e.key(), POLICY_KEYS)));
      }
    }
    if (!(m.get("apiVersion") instanceof Node.Scalar a) || !API_VERSION.equals(a.text())) {
      Node at = m.get("apiVersion") == null ? m : m.get("apiVersion");
      out.add(Problem.error(at.position(), "apiVersion must be " + API_VERSION));
    }
    if (m.get("omitStages") instanceof Node.SeqNode stages) {
      checkStages(stages, out);
    }
    Node rulesNode = m.get("rules");
    if (!(rulesNode instanceof Node.SeqNode rules) || rules.items().isEmpty()) {
      out.add(
          Problem.error(
              rulesNode == null ? m.position() : rulesNode.position(),
              "an audit Policy needs at least one rule"));
      return out;
    }
    int before = out.size();
    for (Node rule : rules.items()) {
      checkRule(rule, out);
    }
    if (out.size() > before) {
      return out;
    }
    List<AuditRule> parsed = new ArrayList<>();
    for (Node rule : rules.items()) {
      parsed.add(AuditRule.of((Node.MapNode) rule));
    }
    semantics(parsed, rules.position(), out);
    return out;
  }

  private static void semantics(List<AuditRule> rules, Position pos, List<Problem> out) {
    if (rules.stream().allMatch(r -> r.level().equals("None"))) {
      out.add(
          Problem.error(
              pos,
              "every rule is level None: the policy logs nothing (it passes CIS 3.2.1 and"
                  + " audits nothing)"));
    }
    for (AuditRule r : rules) {
      if (r.level().equals("RequestResponse") && r.isCatchAll()) {
        out.add(Problem.error(r.position(), CATCH_ALL));
      }
    }
    Map<AuditRule, java.util.Set<String>> tooDetailed = new LinkedHashMap<>();
    for (AuditRequest sensitive : AuditRequest.SENSITIVE) {
      for (AuditRequest.Identity who : AuditRequest.Identity.values()) {
        AuditRule match = firstMatch(rules, sensitive.as(who));
        if (match != null && LEVELS.indexOf(match.level()) > LEVELS.indexOf("Metadata")) {
          tooDetailed
              .computeIfAbsent(match, k -> new java.util.LinkedHashSet<>())
              .add(sensitive.resourceName());
        }
      }
    }
    tooDetailed.forEach(
        (rule, resources) ->
            out.add(
                Problem.error(
                    rule.position(),
                    String.join(", ", resources)
                        + " would be logged at "
                        + rule.level()
                        + " (Secrets, ConfigMaps and TokenReviews only at Metadata, before"
                        + " any broader rule: their bodies hold credentials)")));
    for (AuditRequest required : AuditRequest.KUBELET_RELATED) {
      Map<AuditRule, List<String>> unaudited = new LinkedHashMap<>();
      List<String> unmatched = new ArrayList<>();
      for (AuditRequest.Identity who : AuditRequest.Identity.values()) {
        AuditRule match = firstMatch(rules, required.as(who));
        if (match == null) {
          unmatched.add(who.description());
        } else if (match.level().equals("None")) {
          unaudited.computeIfAbsent(match, k -> new ArrayList<>()).add(who.description());
        }
      }
      unaudited.forEach(
          (rule, who) ->
              out.add(
                  Problem.error(
                      rule.position(),
                      required.describe()
                          + " by "
                          + String.join(", ", who)
                          + " is dropped by this level None rule (kubelet-related traffic must be logged at"
                          + " least at Metadata)")));
      if (!unmatched.isEmpty()) {
        out.add(
            Problem.error(
                pos,
                required.describe()
                    + " by "
                    + String.join(", ", unmatched)
                    + " matches no rule"
                    + " and is not audited (kubelet-related traffic must be logged at least at Metadata)"));
      }
    }
  }

  /** The first rule that matches a request, or null. */
  public static AuditRule firstMatch(List<AuditRule> rules, AuditRequest req) {
    for (AuditRule r : rules) {
      if (r.matches(req)) {
        return r;
      }
    }
    return null;
  }

  /** For generated policies built as plain maps (no positions). */
  public static List<AuditRule> rules(List<Map<String, Object>> rules) {
    List<AuditRule> out = new ArrayList<>();
    for (Map<String, Object> r : rules) {
      out.add(AuditRule.of(r));
    }
    return out;
  }
}
