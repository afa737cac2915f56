package dev.kubeharden.kubelet;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The checks the kubelet applies to its configuration at start-up, on a final flat configuration
 * (leaf path to value), after v1beta1 defaulting ({@link V1beta1Defaults}), for one minor.
 *
 * <p>Ported from kubernetes/kubernetes pkg/kubelet/apis/config/validation/validation.go
 * ValidateKubeletConfiguration, read at commit 001332b0422071acf4860769f18e34b5e9b7c1bc (1.38
 * development) and compared with forks of kubernetes at 1.30/1.31 (nasim-samimi/kubernetes
 * ad98f196) and 1.34/1.35 (ngopalak-redhat/kubernetes 7cba0885); the minor each rule appeared in is
 * noted at the rule. Per-field rules (types, ranges, enums) are in the schema
 * (schema/kubelet-v1beta1.tsv, KubeletValues) and are not repeated here. Node allocatable and
 * reserved-resource rules are in {@link AllocatableRules}; component-base rules (feature gates,
 * tracing, TLS curves, metrics, taints) in {@link ComponentBaseRules}.
 */
public final class KubeletValidator {
  private static final long SECOND = 1_000_000_000L;

  private KubeletValidator() {}

  /**
   * Validates {@code config} (leaf path to value) for a minor; {@code where} gives each written
   * path's position.
   */
  public static List<Problem> validate(
      Map<String, Object> config, KubeVersion version, Function<String, Position> where) {
    List<Problem> out = new ArrayList<>();
    RuleContext c = new RuleContext(config, version, where, out);
    ComponentBaseRules.featureGates(c, out, where);
    gatedFields(c);
    general(c);
    imageGc(c);
    shutdown(c);
    swap(c);
    crashLoopBackOff(c);
    AllocatableRules.check(c);
    imagePullCredentials(c);
    memory(c);
    containerLogs(c);
    podLogsDir(c);
    ComponentBaseRules.check(c);
    return out;
  }

  /**
   * Fields written while their gate is off (facts/kubelet-gated-fields.tsv; each row cites its
   * rule).
   */
  private static void gatedFields(RuleContext c) {
    for (GatedFields.Gated g : GatedFields.ALL) {
      if (!g.appliesTo(c.version)) {
        continue;
      }
      Object value = "tracing".equals(g.path()) ? anyTracing(c) : c.get(g.path());
      if (g.needsGate(value) && !c.gate(g.gate())) {
        String state =
            c.featureGates.containsKey(g.gate())
                ? "set to false in featureGates"
                : "off by default in Kubernetes " + c.version;
        c.fail(
            g.subject().replace("{value}", String.valueOf(value))
                + " needs feature gate "
                + g.gate()
                + ", "
                + state,
            g.path());
      }
    }
  }

  private static Object anyTracing(RuleContext c) {
    return c.isWritten("tracing.endpoint") || c.isWritten("tracing.samplingRatePerMillion")
        ? "set"
        : null;
  }

  private static void general(RuleContext c) {
    // validation.go: nodeLeaseDurationSeconds must be greater than 0 (after defaulting 0 to 40).
    if (c.get("nodeLeaseDurationSeconds") instanceof Long n && n <= 0) {
      c.fail(
          "nodeLeaseDurationSeconds (" + n + ") must be greater than 0",
          "nodeLeaseDurationSeconds");
    }
    // validation.go: systemCgroups was specified and cgroupRoot was not specified.
    if (c.get("systemCgroups") instanceof String s
        && !s.isEmpty()
        && !(c.get("cgroupRoot") instanceof String r && !r.isEmpty())) {
      c.fail("systemCgroups (" + s + ") needs cgroupRoot", "systemCgroups", "cgroupRoot");
    }
    // validation.go: with CustomCPUCFSQuotaPeriod on, cpuCFSQuotaPeriod must be between 1ms and
    // 1sec, inclusive
    // (without the gate, any value but 100ms is refused: kubelet-gated-fields.tsv).
    long quota = c.nanos("cpuCFSQuotaPeriod");
    if (c.gate("CustomCPUCFSQuotaPeriod") && (quota < 1_000_000L || quota > SECOND)) {
      c.fail(
          "cpuCFSQuotaPeriod ("
              + c.show("cpuCFSQuotaPeriod")
              + ") must be between 1ms and 1s, inclusive",
          "cpuCFSQuotaPeriod");
    }
    // validation.go: maxParallelImagePulls cannot be larger than 1 unless SerializeImagePulls is
    // set to false
    // (defaults.go makes serializeImagePulls false when maxParallelImagePulls >= 2 and it is not
    // written).
    if (c.get("maxParallelImagePulls") instanceof Long n
        && n > 1
        && Boolean.TRUE.equals(c.get("serializeImagePulls"))) {
      c.fail(
          "maxParallelImagePulls ("
              + n
              + ") cannot be larger than 1 unless serializeImagePulls is false (it is "
              + c.show("serializeImagePulls")
              + ")",
          "maxParallelImagePulls",
          "serializeImagePulls");
    }
    // validation.go: the containerRuntimeEndpoint was not specified or empty (defaulted when
    // empty).
    if (!(c.get("containerRuntimeEndpoint") instanceof String e) || e.isEmpty()) {
      c.fail("containerRuntimeEndpoint must not be empty", "containerRuntimeEndpoint");
    }
    // validation.go: enableSystemLogHandler is required for enableSystemLogQuery (the NodeLogQuery
    // gate:
    // kubelet-gated-fields.tsv).
    if (Boolean.TRUE.equals(c.get("enableSystemLogQuery"))
        && Boolean.FALSE.equals(c.get("enableSystemLogHandler"))) {
      c.fail(
          "enableSystemLogQuery needs enableSystemLogHandler: true",
          "enableSystemLogQuery",
          "enableSystemLogHandler");
    }
  }

  private static void imageGc(RuleContext c) {
    // validation.go: imageGCLowThresholdPercent must be less than imageGCHighThresholdPercent (both
    // defaulted).
    if (c.get("imageGCHighThresholdPercent") instanceof Long h
        && c.get("imageGCLowThresholdPercent") instanceof Long l
        && l >= h) {
      c.fail(
          "imageGCLowThresholdPercent ("
              + c.show("imageGCLowThresholdPercent")
              + ") must be less than imageGCHighThresholdPercent ("
              + c.show("imageGCHighThresholdPercent")
              + ")",
          "imageGCLowThresholdPercent",
          "imageGCHighThresholdPercent");
    }
    // validation.go, from 1.36 (kubernetes PR 135997): imageMinimumGCAge must not be negative.
    if (c.from(36) && c.nanos("imageMinimumGCAge") < 0) {
      c.fail(
          "imageMinimumGCAge (" + c.show("imageMinimumGCAge") + ") must not be negative",
          "imageMinimumGCAge");
    }
    // validation.go, from 1.29 (field added then): imageMaximumGCAge must not be negative, and when
    // set must be
    // greater than imageMinimumGCAge (defaulted to 2m).
    if (!c.from(29)) {
      return;
    }
    long max = c.nanos("imageMaximumGCAge");
    if (max < 0) {
      c.fail(
          "imageMaximumGCAge (" + c.show("imageMaximumGCAge") + ") must not be negative",
          "imageMaximumGCAge");
    } else if (max > 0 && max <= c.nanos("imageMinimumGCAge")) {
      c.fail(
          "imageMaximumGCAge ("
              + c.show("imageMaximumGCAge")
              + ") must be greater than imageMinimumGCAge ("
              + c.show("imageMinimumGCAge")
              + ")",
          "imageMaximumGCAge",
          "imageMinimumGCAge");
    }
  }

  private static void shutdown(RuleContext c) {
    // validation.go: with GracefulNodeShutdown on, shutdownGracePeriodCriticalPods must be <=
    // shutdownGracePeriod,
    // and each must be zero or >= 1 sec. Without the gate, positive values are refused
    // (kubelet-gated-fields.tsv).
    long total = c.nanos("shutdownGracePeriod");
    long critical = c.nanos("shutdownGracePeriodCriticalPods");
    if (c.gate("GracefulNodeShutdown")) {
      if (critical > total) {
        c.fail(
            "shutdownGracePeriodCriticalPods ("
                + c.show("shutdownGracePeriodCriticalPods")
                + ") must be <= shutdownGracePeriod ("
                + c.show("shutdownGracePeriod")
                + ")",
            "shutdownGracePeriodCriticalPods",
            "shutdownGracePeriod");
      }
      for (String f : List.of("shutdownGracePeriod", "shutdownGracePeriodCriticalPods")) {
        long n = c.nanos(f);
        if (n < 0 || (n > 0 && n < SECOND)) {
          c.fail(f + " (" + c.show(f) + ") must be either zero or otherwise >= 1s", f);
        }
      }
    }
    // validation.go: with GracefulNodeShutdownBasedOnPodPriority on,
    // shutdownGracePeriodByPodPriority cannot be
    // combined with a positive shutdownGracePeriod or shutdownGracePeriodCriticalPods.
    if (c.gate("GracefulNodeShutdownBasedOnPodPriority")
        && c.get("shutdownGracePeriodByPodPriority") instanceof List<?> l
        && !l.isEmpty()
        && (total > 0 || critical > 0)) {
      c.fail(
          "cannot specify both shutdownGracePeriodByPodPriority and shutdownGracePeriod or"
              + " shutdownGracePeriodCriticalPods",
          "shutdownGracePeriodByPodPriority",
          "shutdownGracePeriod",
          "shutdownGracePeriodCriticalPods");
    }
  }

  private static void swap(RuleContext c) {
    // validation.go: with NodeSwap on, memorySwap.swapBehavior must be "", NoSwap or LimitedSwap;
    // before 1.30
    // (KEP-2400 beta 2) the values were "", LimitedSwap or UnlimitedSwap.
    if (!c.gate("NodeSwap")
        || !(c.get("memorySwap.swapBehavior") instanceof String b)
        || b.isEmpty()) {
      return;
    }
    List<String> allowed =
        c.from(30) ? List.of("NoSwap", "LimitedSwap") : List.of("LimitedSwap", "UnlimitedSwap");
    if (!allowed.contains(b)) {
      c.fail(
          "memorySwap.swapBehavior \""
              + b
              + "\" must be one of: \"\", \""
              + String.join("\" or \"", allowed)
              + "\"",
          "memorySwap.swapBehavior");
    }
  }

  private static void crashLoopBackOff(RuleContext c) {
    // validation.go, from 1.32 (KEP-4603): with KubeletCrashLoopBackOffMax on,
    // maxContainerRestartPeriod must be
    // set (defaults.go sets 300s) and between 1s and 300s. Without the gate it must not be set
    // (gated-fields).
    String f = "crashLoopBackOff.maxContainerRestartPeriod";
    if (!c.from(32) || !c.gate("KubeletCrashLoopBackOffMax")) {
      return;
    }
    if (c.get(f) == null) {
      c.fail("feature gate KubeletCrashLoopBackOffMax is on, so " + f + " must be set", f);
    } else if (c.nanos(f) < SECOND || c.nanos(f) > 300 * SECOND) {
      c.fail(f + " (" + c.show(f) + ") must be between 1s and 300s", f);
    }
  }

  private static void imagePullCredentials(RuleContext c) {
    // validation.go, from 1.33 (KEP-2535): with KubeletEnsureSecretPulledImages on, the allowlist
    // is only for
    // policy NeverVerifyAllowlistedImages (the policy enum is in the schema; without the gate
    // neither field may be
    // set: kubelet-gated-fields.tsv). Image pattern syntax (ValidateAllowlistImagesPatterns) is not
    // ported.
    if (!c.from(33) || !c.gate("KubeletEnsureSecretPulledImages")) {
      return;
    }
    if (c.get("preloadedImagesVerificationAllowlist") instanceof List<?> l
        && !l.isEmpty()
        && !"NeverVerifyAllowlistedImages"
            .equals(c.get("imagePullCredentialsVerificationPolicy"))) {
      c.fail(
          "preloadedImagesVerificationAllowlist needs imagePullCredentialsVerificationPolicy"
              + " NeverVerifyAllowlistedImages (it is "
              + c.show("imagePullCredentialsVerificationPolicy")
              + ")",
          "preloadedImagesVerificationAllowlist",
          "imagePullCredentialsVerificationPolicy");
    }
  }

  private static void memory(RuleContext c) {
    // validation.go: memoryThrottlingFactor (defaulted to 0.9) must be greater than 0 and at most
    // 1.0.
    if (c.get("memoryThrottlingFactor") instanceof Number n
        && (n.doubleValue() <= 0 || n.doubleValue() > 1.0)) {
      c.fail(
          "memoryThrottlingFactor (" + n + ") must be greater than 0 and less than or equal to 1.0",
          "memoryThrottlingFactor");
    }
  }

  private static void containerLogs(RuleContext c) {
    // validation.go, from 1.30 (fields added then): containerLogMaxWorkers >= 1,
    // containerLogMonitorInterval >= 3s.
    if (c.from(30)) {
      if (c.get("containerLogMaxWorkers") instanceof Long n && n < 1) {
        c.fail(
            "containerLogMaxWorkers (" + n + ") must be greater than or equal to 1",
            "containerLogMaxWorkers");
      }
      if (c.nanos("containerLogMonitorInterval") < 3 * SECOND) {
        c.fail(
            "containerLogMonitorInterval ("
                + c.show("containerLogMonitorInterval")
                + ") must be >= 3s",
            "containerLogMonitorInterval");
      }
    }
    // validation.go, from 1.33 (kubernetes PR 129072): containerLogMaxFiles must be greater than 1.
    if (c.from(33) && c.get("containerLogMaxFiles") instanceof Long n && n <= 1) {
      c.fail("containerLogMaxFiles (" + n + ") must be greater than 1", "containerLogMaxFiles");
    }
  }

  private static void podLogsDir(RuleContext c) {
    // validation.go, from 1.30 (field added then): podLogsDir set, absolute, normalized
    // (filepath.Clean) and ASCII.
    if (!c.from(30) || !(c.get("podLogsDir") instanceof String d)) {
      return;
    }
    String f = "podLogsDir";
    if (d.isEmpty()) {
      c.fail("podLogsDir was not specified", f);
      return;
    }
    if (!d.startsWith("/")) {
      c.fail("podLogsDir (\"" + d + "\") must be an absolute path", f);
    }
    if (!d.equals(java.nio.file.Path.of(d).normalize().toString())) {
      c.fail("podLogsDir (\"" + d + "\") must be normalized", f);
    }
    if (!d.chars().allMatch(ch -> ch < 128)) {
      c.fail("podLogsDir (\"" + d + "\") must contain ASCII characters only", f);
    }
  }
}
