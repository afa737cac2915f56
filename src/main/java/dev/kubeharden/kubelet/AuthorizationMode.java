package dev.kubeharden.kubelet;

import java.util.Arrays;
import java.util.List;

/**
 * The kubelet's authorization modes (KubeletAuthorizationMode in k8s.io/kubelet/config/v1beta1).
 * The schema's {@code enum=} rule for {@code authorization.mode} lists the same names; {@link
 * KubeletSchema} refuses to load if they differ.
 */
public enum AuthorizationMode {
  ALWAYS_ALLOW("AlwaysAllow"),
  WEBHOOK("Webhook");

  /** The field the schema constrains to these names. */
  public static final String FIELD = "authorization.mode";

  private final String wireName;

  AuthorizationMode(String wireName) {
    this.wireName = wireName;
  }

  /** The value as KubeletConfiguration spells it. */
  public String wireName() {
    return wireName;
  }

  /** Every wire name, in order. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(AuthorizationMode::wireName).toList();
  }
}
