package dev.kubeharden.model;

import java.util.List;
import java.util.Map;

/**
 * A node moved from kubelet flags to one KubeletConfiguration file, with a profile's hardening on
 * top: what {@code kubeharden migrate} writes, and what it reports.
 *
 * @param node the node's name in the report
 * @param profile the resolved profile whose hardening is applied
 * @param configPath the node path of the KubeletConfiguration written (the node's own --config
 *     file, or /var/lib/kubelet/config.yaml when it had none)
 * @param kubeletPath the kubelet binary the systemd drop-in starts
 * @param config every field the file sets, in schema order; a field with controls is the
 *     hardening's
 * @param flags the kubelet's arguments after the binary, one word each, unquoted
 * @param steps what moved, stayed, was dropped or was changed by the hardening, in report order
 * @param inputs the node's sources that were read, as the report shows them
 * @param notes what the inspection of the node noted
 */
public record Migration(
    String node,
    ResolvedProfile profile,
    String configPath,
    String kubeletPath,
    Map<String, ResolvedSetting> config,
    List<String> flags,
    List<Step> steps,
    List<String> inputs,
    List<String> notes) {

  public Migration {
    config = Copies.map(config);
    flags = List.copyOf(flags);
    steps = List.copyOf(steps);
    inputs = List.copyOf(inputs);
    notes = List.copyOf(notes);
  }

  /** What happened to one setting. */
  public enum Kind {
    /** A flag with a config twin, now a field of the file. */
    MOVED("moved"),
    /** A drop-in's value (or a legacy flags-only default), now written in the file itself. */
    MERGED("merged"),
    /** A flag without a config field, still passed by the systemd drop-in. */
    KEPT("kept"),
    /** A flag no longer passed, because the file now carries what it did. */
    DROPPED("dropped"),
    /** A value the hardening replaced or added. */
    HARDENED("hardened");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The name report.json uses. */
    public String label() {
      return label;
    }
  }

  /**
   * One line of the report.
   *
   * @param subject the flag as passed ({@code --max-pods=110}) or the dotted field
   * @param field the config field it lands in, or null for a flag that stays a flag
   * @param before the value the node ran with, or null
   * @param after the value it runs with after the migration, or null
   * @param where where the node set it (file:line:col), or its source ("default")
   * @param why a short reason
   */
  public record Step(
      Kind kind,
      String subject,
      String field,
      Object before,
      Object after,
      String where,
      String why) {}

  /** The steps of one kind, in order. */
  public List<Step> steps(Kind kind) {
    return steps.stream().filter(s -> s.kind() == kind).toList();
  }
}
