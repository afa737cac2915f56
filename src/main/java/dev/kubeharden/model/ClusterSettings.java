package dev.kubeharden.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The control-plane and cluster side of a profile: audit policy, API server flags, Pod Security
 * Admission and the RBAC around the kubelet API. In one layer any field may be null (not set);
 * {@link #over} layers them.
 *
 * @param auditRules extra audit PolicyRules (plain maps), inserted before the tier's broad rules
 * @param psaVersion "pinned" (the cluster minor) or "latest"
 */
public record ClusterSettings(
    String auditTier,
    List<Map<String, Object>> auditRules,
    String auditLogPath,
    Long auditMaxAge,
    Long auditMaxBackup,
    Long auditMaxSize,
    String kubeletClientCertificate,
    String kubeletClientKey,
    String kubeletCertificateAuthority,
    String kubeletClientUser,
    String psaEnforce,
    String psaAudit,
    String psaWarn,
    String psaVersion,
    List<String> exemptUsernames,
    List<String> exemptNamespaces,
    List<String> exemptRuntimeClasses,
    List<NamespacePolicy> namespaces,
    List<Subject> metricsReaders,
    List<Subject> logReaders,
    List<Subject> configReaders) {

  public ClusterSettings {
    auditRules = Copies.list(auditRules);
    exemptUsernames = Copies.list(exemptUsernames);
    exemptNamespaces = Copies.list(exemptNamespaces);
    exemptRuntimeClasses = Copies.list(exemptRuntimeClasses);
    namespaces = Copies.list(namespaces);
    metricsReaders = Copies.list(metricsReaders);
    logReaders = Copies.list(logReaders);
    configReaders = Copies.list(configReaders);
  }

  /** A namespace and its Pod Security levels (null = the cluster default), with why. */
  /** A namespace's Pod Security levels; {@code position} is where the profile names it. */
  public record NamespacePolicy(
      String name, String enforce, String audit, String warn, String reason, Position position) {}

  /** An RBAC subject. {@code namespace} only for ServiceAccounts. */
  public record Subject(String kind, String name, String namespace) {}

  public static final ClusterSettings EMPTY =
      new ClusterSettings(
          null, List.of(), null, null, null, null, null, null, null, null, null, null, null, null,
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  /**
   * This layer with {@code top} over it: scalars from top win, lists accumulate, namespaces merge
   * by name.
   */
  public ClusterSettings over(ClusterSettings top) {
    List<Map<String, Object>> rules = new ArrayList<>(auditRules);
    rules.addAll(top.auditRules);
    Map<String, NamespacePolicy> ns = new LinkedHashMap<>();
    namespaces.forEach(n -> ns.put(n.name(), n));
    top.namespaces.forEach(n -> ns.put(n.name(), n));
    return new ClusterSettings(
        pick(top.auditTier, auditTier),
        List.copyOf(rules),
        pick(top.auditLogPath, auditLogPath),
        pick(top.auditMaxAge, auditMaxAge),
        pick(top.auditMaxBackup, auditMaxBackup),
        pick(top.auditMaxSize, auditMaxSize),
        pick(top.kubeletClientCertificate, kubeletClientCertificate),
        pick(top.kubeletClientKey, kubeletClientKey),
        pick(top.kubeletCertificateAuthority, kubeletCertificateAuthority),
        pick(top.kubeletClientUser, kubeletClientUser),
        pick(top.psaEnforce, psaEnforce),
        pick(top.psaAudit, psaAudit),
        pick(top.psaWarn, psaWarn),
        pick(top.psaVersion, psaVersion),
        union(exemptUsernames, top.exemptUsernames),
        union(exemptNamespaces, top.exemptNamespaces),
        union(exemptRuntimeClasses, top.exemptRuntimeClasses),
        List.copyOf(ns.values()),
        union(metricsReaders, top.metricsReaders),
        union(logReaders, top.logReaders),
        union(configReaders, top.configReaders));
  }

  private static <T> T pick(T top, T base) {
    return top != null ? top : base;
  }

  private static <T> List<T> union(List<T> a, List<T> b) {
    LinkedHashSet<T> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return List.copyOf(s);
  }
}
