package dev.kubeharden.controlplane;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One audit PolicyRule reduced to what matching needs (k8s.io/apiserver/pkg/audit/policy/checker.go
 * semantics).
 */
public record AuditRule(
    String level,
    List<String> users,
    List<String> userGroups,
    List<String> verbs,
    List<GroupResources> resources,
    boolean hasResources,
    List<String> namespaces,
    List<String> nonResourceURLs,
    Position position) {

  public record GroupResources(String group, List<String> resources, List<String> resourceNames) {}

  static AuditRule of(Node.MapNode m) {
    @SuppressWarnings("unchecked")
    Map<String, Object> plain = (Map<String, Object>) dev.kubeharden.kubelet.KubeletValues.plain(m);
    AuditRule r = of(plain);
    return new AuditRule(
        r.level,
        r.users,
        r.userGroups,
        r.verbs,
        r.resources,
        r.hasResources,
        r.namespaces,
        r.nonResourceURLs,
        m.position());
  }

  @SuppressWarnings("unchecked")
  static AuditRule of(Map<String, Object> m) {
    List<GroupResources> groups = new ArrayList<>();
    if (m.get("resources") instanceof List<?> l) {
      for (Object o : l) {
        Map<String, Object> g = (Map<String, Object>) o;
        groups.add(
            new GroupResources(
                String.valueOf(g.getOrDefault("group", "")),
                strings(g.get("resources")),
                strings(g.get("resourceNames"))));
      }
    }
    return new AuditRule(
        String.valueOf(m.get("level")),
        strings(m.get("users")),
        strings(m.get("userGroups")),
        strings(m.get("verbs")),
        groups,
        m.containsKey("resources"),
        strings(m.get("namespaces")),
        strings(m.get("nonResourceURLs")),
        null);
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }

  /**
   * A rule that does not restrict what it logs: no resources and no URLs (users, groups, verbs or
   * namespaces only narrow who or how, every kind of object still matches).
   */
  boolean isCatchAll() {
    return resources.isEmpty() && nonResourceURLs.isEmpty();
  }

  boolean matches(AuditRequest req) {
    if (!users.isEmpty() && !users.contains(req.user())) {
      return false;
    }
    if (!userGroups.isEmpty() && req.groups().stream().noneMatch(userGroups::contains)) {
      return false;
    }
    if (!verbs.isEmpty() && !verbs.contains(req.verb()) && !verbs.contains("*")) {
      return false;
    }
    if (req.nonResourceURL() != null) {
      if (!resources.isEmpty() || !namespaces.isEmpty()) {
        return false;
      }
      return nonResourceURLs.isEmpty()
          || nonResourceURLs.stream().anyMatch(p -> urlMatches(p, req.nonResourceURL()));
    }
    if (!nonResourceURLs.isEmpty()) {
      return false;
    }
    if (!namespaces.isEmpty() && !namespaces.contains(req.namespace())) {
      return false;
    }
    if (resources.isEmpty()) {
      return true;
    }
    for (GroupResources g : resources) {
      if (!g.group().equals(req.group())) {
        continue;
      }
      if (!g.resourceNames().isEmpty()) {
        // names one object: it cannot cover the resource as a whole (the checked requests name no
        // object)
        continue;
      }
      if (g.resources().isEmpty()) {
        return true;
      }
      for (String r : g.resources()) {
        if (resourceMatches(r, req.resource(), req.subresource())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean resourceMatches(String pattern, String resource, String sub) {
    String full = sub == null ? resource : resource + "/" + sub;
    if (pattern.equals("*") || pattern.equals(full)) {
      return true;
    }
    if (sub != null && pattern.equals(resource + "/*")) {
      return true;
    }
    return sub != null && pattern.equals("*/" + sub);
  }

  private static boolean urlMatches(String pattern, String url) {
    if (pattern.endsWith("*")) {
      return url.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(url);
  }
}
