package dev.kubeharden.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the kubelet's arguments are recovered from units, drop-ins, environment files and ps lines.
 */
class KubeletCommandLineTest {
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  private List<Flag> flags(ArgsSource... sources) {
    List<Word> words = new KubeletCommandLine(problems, notes).read(List.of(sources));
    return FlagParser.kubelet(words, 36, failures, notes);
  }

  private static List<String> text(List<Flag> flags) {
    return flags.stream().map(f -> f.name() + "=" + f.value() + "@" + f.valuePosition()).toList();
  }

  @Test
  void lastExecStartWinsAndEnvironmentFilesOverrideEnvironment() {
    ArgsSource unit =
        new ArgsSource("kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --v=1\n");
    ArgsSource dropIn =
        new ArgsSource(
            "10.conf",
            """
        [Service]
        Environment="A=--anonymous-auth=true" B=--max-pods=10
        ExecStart=
        ExecStart=/usr/local/bin/kubelet $A ${B} \\
          --node-ip=10.0.0.1
        """);
    ArgsSource env = new ArgsSource("default-kubelet", "# overrides\nA='--anonymous-auth=false'\n");
    assertThat(text(flags(unit, dropIn, env)))
        .containsExactly(
            "anonymous-auth=false@default-kubelet:2:21",
            "max-pods=10@10.conf:2:52",
            "node-ip=10.0.0.1@10.conf:5:13");
    assertThat(problems).isEmpty();
  }

  @Test
  void environmentFilesAloneAssumeKubeadmsWholeDropIn() {
    ArgsSource extra =
        new ArgsSource("etc/default/kubelet", "KUBELET_EXTRA_ARGS=--read-only-port=10255\n");
    ArgsSource kubeadm =
        new ArgsSource(
            "kubeadm-flags.env",
            "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock\"\n");
    assertThat(flags(extra, kubeadm))
        .extracting(Flag::name)
        .containsExactly(
            "bootstrap-kubeconfig",
            "kubeconfig",
            "config",
            "container-runtime-endpoint",
            "read-only-port");
  }

  @Test
  void aPsLineSkipsItsColumnsBareBooleansTakeNoValueAndAWordIsAnUnknownCommand() {
    ArgsSource ps =
        new ArgsSource(
            "ps",
            "root 1 0.0 0.1 ? Ssl 10:00 0:01 /usr/bin/kubelet --anonymous-auth"
                + " --hostname-override node-1 --fail-swap-on=false extra");
    assertThat(text(flags(ps)))
        .containsExactly(
            "anonymous-auth=true@ps:1:50",
            "hostname-override=node-1@ps:1:87",
            "fail-swap-on=false@ps:1:109");
    assertThat(failures)
        .containsExactly(
            "ps:1:115: unknown command \"extra\" (a word that is not a flag): the kubelet exits"
                + " while parsing its flags");
  }

  @Test
  void anUnterminatedQuoteIsAProblemAtTheQuote() {
    flags(new ArgsSource("u.conf", "[Service]\nEnvironment=\"A=1\n"));
    assertThat(problems)
        .extracting(Problem::headline)
        .containsExactly("u.conf:2:13: error: unterminated \" quote");
  }

  @Test
  void nodesSharingAUnitEachGetTheirOwnPositions() {
    String text =
        """
        [Service]
        EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
        ExecStart=
        ExecStart=/usr/bin/kubelet --max-pods=10 \\
          --node-ip=10.0.0.1
        ExecStart=/usr/bin/kubelet --v=2
        """;
    for (String node : List.of("node-a/10-kubeadm.conf", "node-b/10-kubeadm.conf")) {
      problems.clear();
      notes.clear();
      assertThat(text(flags(new ArgsSource(node, text))))
          .containsExactly("max-pods=10@" + node + ":4:39", "node-ip=10.0.0.1@" + node + ":5:13");
      assertThat(problems).extracting(p -> p.position().toString()).containsExactly(node + ":6:1");
      assertThat(notes)
          .contains(
              node
                  + ":2: EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env was not given; its"
                  + " variables are taken as empty");
    }
  }

  @Test
  void dashPrefixedEnvironmentFilesAreMatchedByTheirNameAndExportIsDropped() {
    ArgsSource unit =
        new ArgsSource(
            "10-kubeadm.conf",
            """
        [Service]
        EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
        EnvironmentFile=-/etc/default/kubelet
        ExecStart=
        ExecStart=/usr/bin/kubelet $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
        """);
    ArgsSource flagsEnv =
        new ArgsSource(
            "kubeadm-flags.env", "export  KUBELET_KUBEADM_ARGS=\"--max-pods=10 --v=2\"\n");
    assertThat(text(flags(unit, flagsEnv)))
        .containsExactly("max-pods=10@kubeadm-flags.env:1:42", "v=2@kubeadm-flags.env:1:49");
    assertThat(notes)
        .containsExactly(
            "10-kubeadm.conf:3: EnvironmentFile=-/etc/default/kubelet was not given; its variables"
                + " are taken as empty");
    assertThat(problems).isEmpty();
  }

  @Test
  void aQuotingProblemIsReportedForEveryNodeThatHasIt() {
    String text = "[Service]\nExecStart=/usr/bin/kubelet \"--v=2\n";
    for (String node : List.of("node-a/k.conf", "node-b/k.conf", "node-a/k.conf")) {
      problems.clear();
      flags(new ArgsSource(node, text));
      assertThat(problems)
          .extracting(p -> p.position() + " " + p.message())
          .containsExactly(node + ":2:28 unterminated \" quote");
    }
  }

  @Test
  void execStartPrefixesAreNotPartOfTheBinary() {
    // systemd.service(5), "Special executable prefixes": "-", "@", ":", "+", "!" and "!!" come
    // before the path and are not part of it.
    for (String prefix : List.of("", "-", "@", ":", "+", "!", "!!", "-+")) {
      problems.clear();
      ArgsSource unit =
          new ArgsSource(
              "kubelet.service", "[Service]\nExecStart=" + prefix + "/usr/bin/kubelet --v=2\n");
      assertThat(flags(unit)).extracting(Flag::name).as(prefix).containsExactly("v");
      assertThat(problems).as(prefix).isEmpty();
    }
    ArgsSource ps = new ArgsSource("ps.txt", "root 1234 kubelet --max-pods=20\n");
    assertThat(flags(ps)).extracting(Flag::name).containsExactly("max-pods");
  }

  /**
   * systemd.service(5)'s whole-word variables, as the regular expression the scan replaced reads
   * them: every word of up to five characters over an alphabet of the cases that matter.
   */
  @Test
  void wholeVariableIsExactlyDollarNameOrDollarBracedName() {
    java.util.regex.Pattern spec =
        java.util.regex.Pattern.compile(
            "\\$(?:([A-Za-z_][A-Za-z0-9_]*)|\\{([A-Za-z_][A-Za-z0-9_]*)})");
    char[] alphabet = {'$', '{', '}', 'A', 'z', '_', '1', '-'};
    List<String> words = new ArrayList<>(List.of(""));
    for (int length = 1, from = 0; length <= 5; length++) {
      int to = words.size();
      for (int i = from; i < to; i++) {
        for (char c : alphabet) {
          words.add(words.get(i) + c);
        }
      }
      from = to;
    }
    int variables = 0;
    for (String w : words) {
      java.util.regex.Matcher m = spec.matcher(w);
      String expected = m.matches() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
      assertThat(KubeletCommandLine.wholeVariable(w)).as(w).isEqualTo(expected);
      variables += expected == null ? 0 : 1;
    }
    assertThat(variables).isGreaterThan(100);
    assertThat(KubeletCommandLine.wholeVariable("${KUBELET_EXTRA_ARGS}"))
        .isEqualTo("KUBELET_EXTRA_ARGS");
  }
}
