package dev.kubeharden.model;

/**
 * One KubeletConfiguration leaf as a profile writes it. {@code value} is the typed value (Boolean,
 * Long, Double, String, List, Map), null to unset the field, or a {@link VarRef} still to be
 * resolved.
 */
public record Setting(String path, Object value, Position position) {

  /**
   * A value that names variables: {@code ${name}} alone (typed substitution) or inside a string.
   */
  public record VarRef(String text, Node node) {}
}
