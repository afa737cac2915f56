package dev.kubeharden.kubelet;

import java.util.regex.Pattern;

/** IPv4 and IPv6 literal checks (no name resolution). */
public final class IpAddresses {
  private static final Pattern V4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpAddresses() {}

  public static boolean isIp(String s) {
    if (V4.matcher(s).matches()) {
      return true;
    }
    if (!s.contains(":") || !V6.matcher(s).matches()) {
      return false;
    }
    int doubleColons = s.split("::", -1).length - 1;
    if (doubleColons > 1) {
      return false;
    }
    String[] groups = s.split(":", -1);
    return groups.length <= 8 && (doubleColons == 1 || groups.length == 8 || s.contains("."));
  }

  public static boolean isLoopback(String s) {
    return s.startsWith("127.") || s.equals("::1");
  }
}
