package dev.kubeharden.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Evaluates the golden CIS bundles the way kube-bench evaluates cfg/cis-1.1x/node.yaml: jsonpath on
 * the main config file (absent keys fail compare ops and pass only "set: false" alternatives),
 * string comparisons, the valid_elements cipher list, bitmask file modes, and no forbidden flag on
 * the kubelet command line. Then the same on the effective configuration (the --config-dir fragment
 * over the file).
 */
class KubeBenchCisTest {
  private static final List<String> CIS_112_CIPHERS =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");

  @ParameterizedTest
  @CsvSource({"cis-1.12", "cis-1.11", "cis-1.30"})
  void kubeletChecksPassOnTheMainFileAndTheEffectiveConfiguration(String golden)
      throws IOException {
    Path bundle = Path.of("src/test/resources/golden", golden, "expected");
    Path root = bundle.resolve("node");
    Map<String, Object> dropIn =
        load(root.resolve("etc/kubernetes/kubelet.conf.d/50-kubeharden.conf"));
    // A standalone node: the bundle's own config.yaml is the main file.
    Map<String, Object> file = load(bundle.resolve("standalone/var/lib/kubelet/config.yaml"));
    assertChecks(file, "standalone main file");
    assertChecks(merge(file, dropIn), "standalone effective configuration");
    // A kubeadm node: kubeadm writes the main file from its own defaults and the
    // KubeletConfiguration document
    // of kubeadm/ (the file as a kubeadm 1.3x node has it, before hardening, is the diff fixture).
    Map<String, Object> kubeadmWritten =
        merge(
            load(Path.of("src/test/resources/diff/kubeadm/config.yaml")),
            load(bundle.resolve("kubeadm/kubelet-configuration.yaml")));
    assertChecks(kubeadmWritten, "kubeadm-written main file");
    assertChecks(merge(kubeadmWritten, dropIn), "kubeadm effective configuration");
    assertThat(kubeadmWritten.get("resolvConf"))
        .as("kubeadm's per-node resolvConf is kept")
        .isEqualTo(load(Path.of("src/test/resources/diff/kubeadm/config.yaml")).get("resolvConf"));
  }

  @ParameterizedTest
  @CsvSource({"cis-1.12", "cis-1.11"})
  void fileModesAndFlagsPass(String golden) throws IOException {
    Path root = Path.of("src/test/resources/golden", golden, "expected", "node");
    String tmpfiles = Files.readString(root.resolve("etc/tmpfiles.d/kubeharden.conf"));
    String unit =
        Files.readString(root.resolve("etc/systemd/system/kubelet.service.d/20-kubeharden.conf"));
    assertMode(
        tmpfiles,
        unit,
        "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
        0600); // 4.1.1/4.1.2
    assertMode(tmpfiles, unit, "/etc/kubernetes/kubelet.conf", 0600); // 4.1.5/4.1.6
    assertMode(tmpfiles, unit, "/etc/kubernetes/pki/ca.crt", 0644); // 4.1.7/4.1.8
    assertMode(tmpfiles, unit, "/var/lib/kubelet/config.yaml", 0600); // 4.1.9/4.1.10
    assertMode(
        tmpfiles,
        unit,
        "/lib/systemd/system/kubelet.service",
        0600); // 4.1.1 on pkgs.k8s.io installs
    for (String line : unit.lines().toList()) {
      if (!line.startsWith("#")) {
        assertThat(line)
            .as("4.2.7 and every 4.2 check read ps first")
            .doesNotContain("--hostname-override")
            .doesNotContain("--anonymous-auth")
            .doesNotContain("--read-only-port")
            .doesNotContain("--authorization-mode");
      }
    }
  }

  /**
   * kube-bench's bitmask test on the mode the bundle leaves: tmpfiles only sets the owner ("-"
   * keeps the mode), and the systemd drop-in's ExecStartPre chmod clears every bit beyond the
   * control's maximum.
   */
  private static void assertMode(String tmpfiles, String unit, String path, int max) {
    String line =
        tmpfiles
            .lines()
            .filter(l -> l.startsWith("z " + path + " "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no tmpfiles rule for " + path));
    assertThat(line).isEqualTo("z " + path + " - root root -");
    String chmod =
        unit.lines()
            .filter(l -> l.startsWith("ExecStartPre=-/bin/chmod -f ") && l.contains(" " + path))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no chmod for " + path));
    String spec = chmod.split(" ", -1)[2];
    int allowed = 0777;
    String who = "ugo";
    for (String clause : spec.split(",", -1)) {
      if (clause.startsWith("a-")) {
        continue;
      }
      int shift = 6 - 3 * who.indexOf(clause.charAt(0));
      for (char c : clause.substring(2).toCharArray()) {
        allowed &= ~((c == 'r' ? 4 : c == 'w' ? 2 : 1) << shift);
      }
    }
    assertThat(allowed & ~max).as("bits left beyond %o for %s", max, path).isZero();
  }

  private static void assertChecks(Map<String, Object> c, String what) {
    assertThat(str(get(c, "authentication.anonymous.enabled")))
        .as("4.2.1 " + what)
        .isEqualTo("false");
    assertThat(str(get(c, "authorization.mode")))
        .as("4.2.2 " + what)
        .isNotEmpty()
        .doesNotContain("AlwaysAllow");
    assertThat(str(get(c, "authentication.x509.clientCAFile"))).as("4.2.3 " + what).isNotEmpty();
    assertThat(absentOr(c, "readOnlyPort", "0")).as("4.2.4 " + what).isTrue();
    Object idle = get(c, "streamingConnectionIdleTimeout");
    assertThat(idle == null || !str(idle).equals("0")).as("4.2.5 " + what).isTrue();
    assertThat(absentOr(c, "makeIPTablesUtilChains", "true")).as("4.2.6 " + what).isTrue();
    Object qps = get(c, "eventRecordQPS");
    assertThat(qps == null || Integer.parseInt(str(qps)) >= 0).as("4.2.8 " + what).isTrue();
    // 4.2.9 is Manual and left to the kubelet's self-signed pair (a fresh node must start):
    // kube-bench WARNs.
    assertThat(get(c, "tlsCertFile")).as("4.2.9 " + what + ": no file a fresh node lacks").isNull();
    assertThat(get(c, "tlsPrivateKeyFile")).as("4.2.9 " + what).isNull();
    assertThat(absentOr(c, "rotateCertificates", "true")).as("4.2.10 " + what).isTrue();
    Object gate = get(c, "featureGates.RotateKubeletServerCertificate");
    assertThat(gate == null || !str(gate).contains("false")).as("4.2.11 " + what).isTrue();
    Object suites = get(c, "tlsCipherSuites");
    assertThat(suites).as("4.2.12 " + what).isInstanceOf(List.class);
    assertThat((List<?>) suites).as("4.2.12 " + what).isNotEmpty();
    assertThat(CIS_112_CIPHERS)
        .as("4.2.12 valid_elements " + what)
        .containsAll(((List<?>) suites).stream().map(String::valueOf).toList());
    assertThat(get(c, "podPidsLimit")).as("4.2.13 " + what).isNotNull();
    assertThat(str(get(c, "seccompDefault"))).as("4.2.14 " + what).isEqualTo("true");
  }

  private static boolean absentOr(Map<String, Object> c, String path, String value) {
    Object v = get(c, path);
    return v == null || str(v).equals(value);
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  @SuppressWarnings("unchecked")
  private static Object get(Map<String, Object> c, String path) {
    Object cur = c;
    for (String part : path.split("\\.", -1)) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = ((Map<String, Object>) m).get(part);
    }
    return cur;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new HashMap<>(base);
    for (Map.Entry<String, Object> e : over.entrySet()) {
      Object b = out.get(e.getKey());
      if (b instanceof Map<?, ?> bm && e.getValue() instanceof Map<?, ?> om) {
        out.put(e.getKey(), merge((Map<String, Object>) bm, (Map<String, Object>) om));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static Map<String, Object> load(Path p) throws IOException {
    return new Yaml().load(Files.readString(p));
  }
}
