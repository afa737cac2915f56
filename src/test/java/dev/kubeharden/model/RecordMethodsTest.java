package dev.kubeharden.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Position}, {@link KubeVersion} and {@link Control} write equals and hashCode out (the
 * generated ones bootstrap at start-up): they must agree with what a record generates, component
 * for component, so no hash order and no comparison changes.
 */
class RecordMethodsTest {
  private record PositionTwin(String source, int line, int column) {}

  private record VersionTwin(int minor) {}

  private record ControlTwin(
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
      Position position) {}

  @Test
  void positionHashesAndComparesLikeARecord() {
    Position p = new Position("profiles/cis-1.12.yaml", 14, 19);
    assertThat(p.hashCode())
        .isEqualTo(new PositionTwin("profiles/cis-1.12.yaml", 14, 19).hashCode());
    assertThat(Position.of("--set").hashCode())
        .isEqualTo(new PositionTwin("--set", 0, 0).hashCode());
    assertThat(new Position(null, 1, 2).hashCode())
        .isEqualTo(new PositionTwin(null, 1, 2).hashCode());
    assertThat(p).isEqualTo(new Position("profiles/cis-1.12.yaml", 14, 19));
    assertThat(p)
        .isNotEqualTo(new Position("profiles/cis-1.12.yaml", 14, 20))
        .isNotEqualTo(new Position("profiles/cis-1.12.yaml", 15, 19))
        .isNotEqualTo(new Position("profiles/cis-1.11.yaml", 14, 19))
        .isNotEqualTo(new Position(null, 14, 19))
        .isNotEqualTo("profiles/cis-1.12.yaml:14:19");
  }

  @Test
  void kubeVersionHashesAndComparesLikeARecord() {
    assertThat(new KubeVersion(34).hashCode()).isEqualTo(new VersionTwin(34).hashCode());
    assertThat(new KubeVersion(34))
        .isEqualTo(new KubeVersion(34))
        .isNotEqualTo(new KubeVersion(33));
  }

  @Test
  void controlHashesAndComparesLikeARecord() {
    Position at = new Position("p.yaml", 3, 5);
    List<Setting> settings = List.of(new Setting("readOnlyPort", 0, at));
    List<FileRule> files = List.of(new FileRule("/etc/kubernetes", "0600", "root", "root", at));
    Control c = control("CIS-1.12:4.2.4", settings, files, true, at);
    ControlTwin twin =
        new ControlTwin(
            "CIS-1.12:4.2.4",
            "title",
            c.severityLevel(),
            c.assessmentKind(),
            c.scopeKind(),
            "why",
            null,
            null,
            List.of("ref"),
            VersionRange.ALL,
            settings,
            c.requirements(),
            List.of(),
            files,
            List.of(),
            true,
            "cis-1.12",
            at);
    assertThat(c.hashCode()).isEqualTo(twin.hashCode());
    assertThat(c).isEqualTo(control("CIS-1.12:4.2.4", settings, files, true, at));
    assertThat(c)
        .isNotEqualTo(control("CIS-1.12:4.2.5", settings, files, true, at))
        .isNotEqualTo(control("CIS-1.12:4.2.4", List.of(), files, true, at))
        .isNotEqualTo(control("CIS-1.12:4.2.4", settings, List.of(), true, at))
        .isNotEqualTo(control("CIS-1.12:4.2.4", settings, files, false, at))
        .isNotEqualTo(control("CIS-1.12:4.2.4", settings, files, true, Position.of("p.yaml")));
  }

  private static Control control(
      String id, List<Setting> settings, List<FileRule> files, boolean required, Position at) {
    return new Control(
        id,
        "title",
        Severity.HIGH,
        Assessment.AUTOMATED,
        Scope.NODE,
        "why",
        null,
        null,
        List.of("ref"),
        VersionRange.ALL,
        settings,
        List.of(),
        List.of(),
        files,
        List.of(),
        required,
        "cis-1.12",
        at);
  }
}
