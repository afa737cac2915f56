package dev.kubeharden.kubelet;

import dev.kubeharden.model.KubeVersion;
import java.util.List;

/**
 * One KubeletConfiguration field: its dotted JSON path, type, the first minor that accepts it, and
 * validation rules.
 *
 * @param path dotted JSON path; list element fields use {@code parent[].child}
 * @param since first minor that accepts the field, or null for fields older than the oldest
 *     supported minor
 * @param enumValues accepted values for strings and string-list elements, empty when free-form
 * @param min lower bound for integers, or null
 * @param max upper bound for integers, or null
 * @param positive durations must be above zero
 * @param nonEmpty strings and lists must not be empty
 * @param absPath strings must be absolute, normalized paths
 * @param order position in types.go, used to order output
 */
public record KubeletField(
    String path,
    FieldType type,
    KubeVersion since,
    List<String> enumValues,
    Long min,
    Long max,
    String constant,
    String rejected,
    boolean ip,
    boolean cipher,
    boolean positive,
    boolean nonEmpty,
    boolean absPath,
    int order) {

  public String name() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  public String parent() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  public boolean availableIn(KubeVersion v) {
    return since == null || v.atLeast(since);
  }
}
