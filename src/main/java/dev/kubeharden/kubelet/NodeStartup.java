package dev.kubeharden.kubelet;

import dev.kubeharden.model.Facts;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a kubelet would start on a fresh node of each supported layout with a generated bundle,
 * from the facts in {@code kubeharden/facts/node-startup.tsv}: every file the configuration makes
 * the kubelet read at start-up is provided by the layout or the bundle, no cgroup it must enforce
 * is missing, the kernel settings it checks are shipped, and the kubeadm files keep what kubeadm
 * derives per node. Value rules (validation.go, feature gates) are {@link KubeletValidator}'s.
 */
public final class NodeStartup {
  /** The layouts a bundle is checked against. */
  public static final List<String> LAYOUTS = List.of("kubeadm", "standalone");

  private static final String RESOURCE = "node-startup.tsv";
  private static final List<Fact> FACTS = load();

  /** One line of the facts file. */
  public record Fact(String layout, String kind, String name, String note) {}

  /** What the check found: refusals, and what the user must provide on the node per layout. */
  public record Outcome(List<Problem> problems, Map<String, List<String>> userProvides) {}

  private NodeStartup() {}

  /**
   * Checks a resolved profile. {@code shipsSysctls} tells whether the bundle carries the kernel
   * settings that protectKernelDefaults makes the kubelet check; {@code kubeadmFields} are the
   * fields the node/ and kubeadm/ files set.
   */
  public static Outcome check(ResolvedProfile rp, boolean shipsSysctls, Set<String> kubeadmFields) {
    List<Problem> problems = new ArrayList<>();
    Map<String, List<String>> provide = new LinkedHashMap<>();
    Map<String, ResolvedSetting> config = rp.config();
    Set<String> selfSigned = names("*", "selfSigned");
    for (String field : names("*", "needsFile")) {
      if (!(value(config, field) instanceof String path) || path.isEmpty()) {
        continue;
      }
      Position at = position(config, field);
      if (selfSigned.contains(path) && !Boolean.TRUE.equals(value(config, "serverTLSBootstrap"))) {
        problems.add(
            Problem.error(
                at,
                field
                    + " names "
                    + path
                    + ", which the kubelet creates only while tlsCertFile and"
                    + " tlsPrivateKeyFile are both empty; on a fresh node it does not exist and the kubelet exits"
                    + " (cmd/kubelet/app/server.go InitializeTLS). Leave both fields empty, or provision a"
                    + " certificate elsewhere and name it"));
        continue;
      }
      for (String layout : LAYOUTS) {
        if (!names(layout, "provides").contains(path)) {
          provide.computeIfAbsent(layout, k -> new ArrayList<>()).add(path + " (" + field + ")");
        }
      }
    }
    if (config.get("enforceNodeAllocatable") != null
        && value(config, "enforceNodeAllocatable") instanceof List<?> enforce) {
      for (String[] pair :
          new String[][] {
            {"system-reserved", "systemReservedCgroup"}, {"kube-reserved", "kubeReservedCgroup"}
          }) {
        if (enforce.contains(pair[0])
            && value(config, pair[1]) instanceof String cgroup
            && !cgroup.isEmpty()) {
          for (String layout : LAYOUTS) {
            if (!names(layout, "cgroup").contains(cgroup)) {
              problems.add(
                  Problem.error(
                      position(config, pair[1]),
                      pair[1]
                          + " "
                          + cgroup
                          + " does not exist on a fresh "
                          + layout
                          + " node and the bundle does"
                          + " not create it; enforcing "
                          + pair[0]
                          + " on it stops the kubelet"
                          + " (pkg/kubelet/cm/node_container_manager_linux.go enforceNodeAllocatableCgroups)"));
              break;
            }
          }
        }
      }
    }
    if (Boolean.TRUE.equals(value(config, "protectKernelDefaults")) && !shipsSysctls) {
      problems.add(
          Problem.error(
              position(config, "protectKernelDefaults"),
              "protectKernelDefaults makes the kubelet exit unless the kernel settings it checks hold"
                  + " (pkg/kubelet/cm/container_manager_linux.go setupKernelTunables), and the bundle ships none"));
    }
    for (String derived : names("kubeadm", "derived")) {
      if (kubeadmFields.contains(derived)) {
        problems.add(
            Problem.error(
                position(config, derived),
                derived
                    + " is a hardening setting here, but kubeadm derives it per node or from the cluster"
                    + " configuration; setting it in node/ or kubeadm/ files replaces what kubeadm wrote"));
      }
    }
    for (String field : names("standalone", "userProvides")) {
      if (value(config, field) instanceof String path && !path.isEmpty()) {
        List<String> list = provide.computeIfAbsent("standalone", k -> new ArrayList<>());
        String item = path + " (" + field + ")";
        if (!list.contains(item)) {
          list.add(item);
        }
      }
    }
    return new Outcome(problems, provide);
  }

  /** The facts, for the report and tests. */
  public static List<Fact> facts() {
    return FACTS;
  }

  private static Object value(Map<String, ResolvedSetting> config, String path) {
    ResolvedSetting s = config.get(path);
    return s == null ? null : s.value();
  }

  private static Position position(Map<String, ResolvedSetting> config, String path) {
    ResolvedSetting s = config.get(path);
    return s == null || s.origin() == null || s.origin().position() == null
        ? Position.of("(resolved configuration)")
        : s.origin().position();
  }

  private static Set<String> names(String layout, String kind) {
    Set<String> out = new LinkedHashSet<>();
    for (Fact f : FACTS) {
      if (f.layout().equals(layout) && f.kind().equals(kind)) {
        out.add(f.name());
      }
    }
    return out;
  }

  private static List<Fact> load() {
    List<Fact> out = new ArrayList<>();
    for (String[] c : Facts.rows(RESOURCE)) {
      if (c.length != 4) {
        throw new IllegalStateException(RESOURCE + ": expected 4 columns: " + String.join("\t", c));
      }
      out.add(new Fact(c[0], c[1], c[2], c[3]));
    }
    return List.copyOf(out);
  }
}
