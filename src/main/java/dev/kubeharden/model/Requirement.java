package dev.kubeharden.model;

import java.util.List;

/**
 * What a control requires of one KubeletConfiguration field in the final configuration. Later
 * layers may change a value a control set, as long as the requirement still holds.
 */
public record Requirement(String path, Op op, Object value, Position position) {

  public enum Op {
    EQUALS("equals"),
    ONE_OF("oneOf"),
    SUBSET_OF("subsetOf"),
    NOT_EQUALS("notEquals"),
    AT_LEAST("atLeast"),
    PRESENT("present"),
    ABSENT("absent");

    private final String yamlName;

    Op(String yamlName) {
      this.yamlName = yamlName;
    }

    public String yamlName() {
      return yamlName;
    }

    public static Op byName(String name) {
      for (Op op : values()) {
        if (op.yamlName.equals(name)) {
          return op;
        }
      }
      return null;
    }

    public static List<String> names() {
      return java.util.Arrays.stream(values()).map(Op::yamlName).toList();
    }
  }

  /** Whether a final value (null when the field is not set) satisfies this requirement. */
  public boolean isMetBy(Object actual) {
    return switch (op) {
      case EQUALS -> value.equals(actual);
      case ONE_OF -> actual != null && ((List<?>) value).contains(actual);
      case SUBSET_OF ->
          actual instanceof List<?> l && !l.isEmpty() && ((List<?>) value).containsAll(l);
      case NOT_EQUALS -> actual != null && !value.equals(actual);
      case AT_LEAST -> actual instanceof Long n && n >= ((Number) value).longValue();
      case PRESENT -> actual != null && !"".equals(actual);
      case ABSENT -> actual == null;
    };
  }

  public String describe() {
    return switch (op) {
      case EQUALS -> path + " = " + Values.show(value);
      case ONE_OF -> path + " one of " + Values.show(value);
      case SUBSET_OF -> path + " a non-empty subset of " + Values.show(value);
      case NOT_EQUALS -> path + " set and not " + Values.show(value);
      case AT_LEAST -> path + " >= " + Values.show(value);
      case PRESENT -> path + " set";
      case ABSENT -> path + " not set";
    };
  }
}
