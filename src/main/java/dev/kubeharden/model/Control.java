package dev.kubeharden.model;

import java.util.List;
import java.util.Objects;

/**
 * A hardening control: an identified requirement from a benchmark or guide, the settings that
 * satisfy it, and what it can break.
 *
 * @param severityLevel how much it matters ({@link #severity()} spells it)
 * @param assessmentKind automated or manual ({@link #assessment()} spells it)
 * @param scopeKind where the control acts: node (kubelet, files), control-plane, cluster or process
 *     ({@link #scope()} spells it)
 * @param settings KubeletConfiguration leaves the control sets
 * @param requirements what must hold in the final configuration (defaults to the settings' values)
 * @param forbidFlags kubelet flags that must not be passed
 * @param correction where the control corrects a source (the seed document), what was wrong
 * @param requiredOnTargets whether generating for a target that cannot carry the control is an
 *     error ({@code targets: required}) rather than a gap in the report
 * @param artifacts control-plane and cluster artifacts that satisfy it (auditPolicy,
 *     apiServerFlags, admissionConfiguration, namespaces, rbac)
 */
public record Control(
    String id,
    String title,
    Severity severityLevel,
    Assessment assessmentKind,
    Scope scopeKind,
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
    boolean requiredOnTargets,
    String profile,
    Position position) {

  public Control {
    references = Copies.list(references);
    settings = Copies.list(settings);
    requirements = Copies.list(requirements);
    forbidFlags = Copies.list(forbidFlags);
    files = Copies.list(files);
    artifacts = Copies.list(artifacts);
  }

  /** The severity as profiles and reports spell it. */
  public String severity() {
    return severityLevel.yamlName();
  }

  /** The assessment as profiles and reports spell it. */
  public String assessment() {
    return assessmentKind.yamlName();
  }

  /**
   * Whether the bundle carries it: node controls, and control-plane or cluster controls with an
   * artifact. The others are recorded as outside the bundle, not counted as applied.
   */
  public boolean inBundle() {
    return scopeKind == Scope.NODE || !artifacts.isEmpty();
  }

  /** The scope as profiles and reports spell it. */
  public String scope() {
    return scopeKind.yamlName();
  }

  /**
   * This control with only the requirements {@code keep} accepts (the others attested elsewhere).
   */
  public Control withRequirements(java.util.function.Predicate<Requirement> keep) {
    return copy(requirements.stream().filter(keep).toList(), files);
  }

  /** This control with its file rules replaced (their variables resolved). */
  public Control withFiles(List<FileRule> resolved) {
    return copy(requirements, resolved);
  }

  private Control copy(List<Requirement> newRequirements, List<FileRule> newFiles) {
    return new Control(
        id,
        title,
        severityLevel,
        assessmentKind,
        scopeKind,
        rationale,
        impact,
        correction,
        references,
        versions,
        settings,
        newRequirements,
        forbidFlags,
        newFiles,
        artifacts,
        requiredOnTargets,
        profile,
        position);
  }

  // equals and hashCode written out, with the values the generated ones give: the generated ones
  // bootstrap through ObjectMethods on first use, which costs start-up time.
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Control c
            && Objects.equals(id, c.id)
            && Objects.equals(title, c.title)
            && Objects.equals(severityLevel, c.severityLevel)
            && Objects.equals(assessmentKind, c.assessmentKind)
            && Objects.equals(scopeKind, c.scopeKind)
            && Objects.equals(rationale, c.rationale)
            && Objects.equals(impact, c.impact)
            && Objects.equals(correction, c.correction)
            && Objects.equals(references, c.references)
            && Objects.equals(versions, c.versions)
            && Objects.equals(settings, c.settings)
            && Objects.equals(requirements, c.requirements)
            && Objects.equals(forbidFlags, c.forbidFlags)
            && Objects.equals(files, c.files)
            && Objects.equals(artifacts, c.artifacts)
            && requiredOnTargets == c.requiredOnTargets
            && Objects.equals(profile, c.profile)
            && Objects.equals(position, c.position));
  }

  @Override
  public int hashCode() {
    int h = 0;
    h = 31 * h + Objects.hashCode(id);
    h = 31 * h + Objects.hashCode(title);
    h = 31 * h + Objects.hashCode(severityLevel);
    h = 31 * h + Objects.hashCode(assessmentKind);
    h = 31 * h + Objects.hashCode(scopeKind);
    h = 31 * h + Objects.hashCode(rationale);
    h = 31 * h + Objects.hashCode(impact);
    h = 31 * h + Objects.hashCode(correction);
    h = 31 * h + Objects.hashCode(references);
    h = 31 * h + Objects.hashCode(versions);
    h = 31 * h + Objects.hashCode(settings);
    h = 31 * h + Objects.hashCode(requirements);
    h = 31 * h + Objects.hashCode(forbidFlags);
    h = 31 * h + Objects.hashCode(files);
    h = 31 * h + Objects.hashCode(artifacts);
    h = 31 * h + Boolean.hashCode(requiredOnTargets);
    h = 31 * h + Objects.hashCode(profile);
    h = 31 * h + Objects.hashCode(position);
    return h;
  }
}
