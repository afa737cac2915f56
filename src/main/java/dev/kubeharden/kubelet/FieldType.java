package dev.kubeharden.kubelet;

/** The value kinds of KubeletConfiguration fields, as JSON/YAML sees them. */
public enum FieldType {
  BOOL("a boolean"),
  INT32("an integer"),
  INT64("an integer"),
  FLOAT("a number"),
  STRING("a string"),
  DURATION("a duration such as \"5m\" or \"4h0m0s\""),
  QUANTITY("a quantity such as \"512Mi\" or \"200m\""),
  STRING_LIST("a list of strings"),
  STRING_MAP("a mapping of strings"),
  BOOL_MAP("a mapping of booleans"),
  QUANTITY_MAP("a mapping of resource names to quantities"),
  STRING_LIST_MAP("a mapping of string lists"),
  OBJECT("a mapping"),
  OBJECT_LIST("a list of mappings"),
  ANY("any value");

  private final String description;

  FieldType(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** Whether values of this type are set as a whole (everything but nested objects). */
  public boolean isLeaf() {
    return this != OBJECT;
  }

  static FieldType parse(String text) {
    return switch (text) {
      case "bool" -> BOOL;
      case "int32" -> INT32;
      case "int64" -> INT64;
      case "float" -> FLOAT;
      case "string" -> STRING;
      case "duration" -> DURATION;
      case "quantity" -> QUANTITY;
      case "stringList" -> STRING_LIST;
      case "stringMap" -> STRING_MAP;
      case "boolMap" -> BOOL_MAP;
      case "quantityMap" -> QUANTITY_MAP;
      case "stringListMap" -> STRING_LIST_MAP;
      case "object" -> OBJECT;
      case "objectList" -> OBJECT_LIST;
      case "any" -> ANY;
      default -> throw new IllegalArgumentException("unknown field type " + text);
    };
  }
}
