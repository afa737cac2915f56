package dev.kubeharden.kubelet;

import java.util.regex.Pattern;

/**
 * Kubernetes resource.Quantity syntax: a signed decimal with an optional SI, binary or exponent
 * suffix.
 */
public final class Quantities {
  private static final Pattern FORM =
      Pattern.compile(
          "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

  private Quantities() {}

  public static boolean isValid(String text) {
    return FORM.matcher(text).matches();
  }

  /** Eviction thresholds accept a quantity or a percentage such as "10%". */
  public static boolean isValidThreshold(String text) {
    if (text.endsWith("%")) {
      String n = text.substring(0, text.length() - 1);
      try {
        double d = Double.parseDouble(n);
        return d >= 0 && d <= 100;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return isValid(text);
  }
}
