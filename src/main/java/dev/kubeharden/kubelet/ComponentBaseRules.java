package dev.kubeharden.kubelet;

import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Rules the kubelet's validation delegates to shared libraries: feature gates (component-base
 * featuregate), taints (pkg/util/taints), hidden metrics (component-base metrics), tracing
 * (component-base tracing/api/v1) and TLS curves (component-base cli/flag, called from
 * cmd/kubelet/app/server.go InitializeTLS).
 */
final class ComponentBaseRules {
  private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?" + NAME);
  private static final Pattern LABEL_VALUE = Pattern.compile("(" + NAME + ")?");
  private static final Pattern URL_SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);
  private static final long MAX_SAMPLING_RATE = 1_000_000L;

  private ComponentBaseRules() {}

  /** validation.go: localFeatureGate.SetFromMap / Validate; the gate facts are FeatureGates'. */
  static void featureGates(RuleContext c, List<Problem> out, Function<String, Position> where) {
    if (!c.isWritten("featureGates")) {
      return;
    }
    for (String p : FeatureGates.get().problems(c.featureGates, c.version)) {
      out.add(Problem.error(where.apply("featureGates"), p));
    }
  }

  static void check(RuleContext c) {
    taints(c);
    hiddenMetrics(c);
    tracing(c);
    tlsCurves(c);
  }

  /**
   * validation.go: utiltaints.CheckTaintValidation on each registerWithTaints entry, and timeAdded
   * must be nil.
   */
  private static void taints(RuleContext c) {
    if (!(c.get("registerWithTaints") instanceof List<?> taints)) {
      return;
    }
    for (Object t : taints) {
      if (!(t instanceof Map<?, ?> m)) {
        continue;
      }
      String key = m.get("key") == null ? "" : String.valueOf(m.get("key"));
      String value = m.get("value") == null ? "" : String.valueOf(m.get("value"));
      String reason = null;
      if (!QUALIFIED_NAME.matcher(key).matches()
          || name(key).length() > 63
          || (key.contains("/") && key.substring(0, key.indexOf('/')).length() > 253)) {
        reason = "key \"" + key + "\" is not a qualified name";
      } else if (!LABEL_VALUE.matcher(value).matches() || value.length() > 63) {
        reason = "value \"" + value + "\" is not a valid label value";
      }
      if (reason != null) {
        c.fail(
            "registerWithTaints: invalid taint "
                + key
                + (value.isEmpty() ? "" : "=" + value)
                + ": "
                + reason,
            "registerWithTaints");
      }
      if (m.get("timeAdded") != null) {
        c.fail("registerWithTaints: taint.timeAdded must not be set", "registerWithTaints");
      }
    }
  }

  private static String name(String qualified) {
    return qualified.substring(qualified.indexOf('/') + 1);
  }

  /**
   * component-base metrics ValidateShowHiddenMetricsVersion (called by validation.go): only the
   * previous minor may be given.
   */
  private static void hiddenMetrics(RuleContext c) {
    if (!(c.get("showHiddenMetricsForVersion") instanceof String v) || v.isEmpty()) {
      return;
    }
    String previous = "1." + (c.version.minor() - 1);
    dev.kubeharden.model.KubeVersion given = dev.kubeharden.model.KubeVersion.parseOrNull(v);
    if (given == null || given.minor() != c.version.minor() - 1) {
      c.failFrom(
          "component-base metrics ValidateShowHiddenMetricsVersion",
          "showHiddenMetricsForVersion must be omitted"
              + " or have the value '"
              + previous
              + "' (got \""
              + v
              + "\"): only the previous minor version is allowed",
          "showHiddenMetricsForVersion");
    }
  }

  /**
   * component-base tracing/api/v1 config.go ValidateTracingConfiguration (called by validation.go).
   */
  private static void tracing(RuleContext c) {
    String source = "component-base tracing/api/v1 ValidateTracingConfiguration";
    if (c.get("tracing.samplingRatePerMillion") instanceof Long rate) {
      if (rate < 0) {
        c.failFrom(
            source,
            "tracing.samplingRatePerMillion: sampling rate must be positive (got " + rate + ")",
            "tracing.samplingRatePerMillion");
      } else if (rate > MAX_SAMPLING_RATE) {
        c.failFrom(
            source,
            "tracing.samplingRatePerMillion: sampling rate per million must be less than or equal to one"
                + " million (got "
                + rate
                + ")",
            "tracing.samplingRatePerMillion");
      }
    }
    if (c.get("tracing.endpoint") instanceof String endpoint) {
      // No "//": a bare host:port is a dns:/// target. Otherwise the URL scheme must be dns, unix
      // or unix-abstract.
      String url = endpoint.contains("//") ? endpoint : "dns://" + endpoint;
      java.util.regex.Matcher m = URL_SCHEME.matcher(url);
      String scheme = m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
      if (!Set.of("dns", "unix", "unix-abstract").contains(scheme)) {
        c.failFrom(
            source,
            "tracing.endpoint: unsupported scheme: "
                + (scheme.isEmpty() ? "(none)" : scheme)
                + ". Options are none, dns, unix, or unix-abstract (got \""
                + endpoint
                + "\")",
            "tracing.endpoint");
      }
    }
  }

  /**
   * component-base cli/flag curves_flag.go TLSCurvePreferences, from 1.36 (field added then): IDs
   * 1-65535, no duplicates, known to the kubelet's Go crypto/tls (facts/tls-curves.tsv). The
   * kubelet stops at the first error.
   */
  private static void tlsCurves(RuleContext c) {
    if (!c.from(36) || !(c.get("tlsCurvePreferences") instanceof List<?> ids)) {
      if (c.isWritten("tlsCurvePreferences")
          && !(c.get("tlsCurvePreferences") instanceof List<?>)) {
        fail(c, "must be a list of TLS curve IDs (integers), such as [29, 23]");
      }
      return;
    }
    Set<Long> seen = new HashSet<>();
    for (Object o : ids) {
      if (!(o instanceof Long id)) {
        fail(
            c,
            "curve preference "
                + o
                + " is not an integer (numeric Go crypto/tls CurveID, such as 29)");
        return;
      }
      if (id <= 0 || id > 65535) {
        fail(c, "curve preference " + id + " is out of range (must be 1-65535)");
        return;
      }
      if (!seen.add(id)) {
        fail(c, "duplicate curve preference " + id);
        return;
      }
      if (!TlsCurves.known(id, c.version)) {
        fail(
            c,
            "curve preference "
                + id
                + " is not supported by the Go version kubelet "
                + c.version
                + " is built with");
        return;
      }
    }
  }

  private static void fail(RuleContext c, String message) {
    c.failFrom(
        "component-base cli/flag TLSCurvePreferences",
        "tlsCurvePreferences: " + message,
        "tlsCurvePreferences");
  }
}
