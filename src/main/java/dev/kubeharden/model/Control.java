package dev.kubeharden.model;

import java.util.List;

/**
 * A hardening control: an identified requirement from a benchmark or guide, the settings that
 * satisfy it, and what it can break.
 *
 * @param scope where the control acts: node (kubelet, files), control-plane, cluster or process
 * @param settings KubeletConfiguration leaves the control sets
 * @param requirements what must hold in the final configuration (defaults to the settings' values)
 * @param forbidFlags kubelet flags that must not be passed
 * @param correction where the control corrects a source (the seed document), what was wrong
 * @param artifacts control-plane and cluster artifacts that satisfy it (auditPolicy,
 *     apiServerFlags, admissionConfiguration, namespaces, rbac)
 */
public record Control(
    String id,
    String title,
    String severity,
    String assessment,
    String scope,
    String rationale,
    String impact,
    String correction,
    List<String> references,
    VersionRange versions,
    List<Setting> settings,
    List<Requirement> requirements,
    List<String> forbidFlags,
    List<FileRule> files,
    List<String> artifacts,
    String profile,
    Position position) {

  /** This control with its file rules replaced (their variables resolved). */
  public Control withFiles(List<FileRule> resolved) {
    return new Control(
        id,
        title,
        severity,
        assessment,
        scope,
        rationale,
        impact,
        correction,
        references,
        versions,
        settings,
        requirements,
        forbidFlags,
        List.copyOf(resolved),
        artifacts,
        profile,
        position);
  }
}
