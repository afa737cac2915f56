package dev.kubeharden.cli;

import dev.kubeharden.diff.DiffService;
import dev.kubeharden.diff.FleetDiff;
import dev.kubeharden.diff.format.DiffJson;
import dev.kubeharden.diff.format.DiffJunit;
import dev.kubeharden.diff.format.DiffMarkdown;
import dev.kubeharden.diff.format.DiffSarif;
import dev.kubeharden.diff.format.DiffText;
import dev.kubeharden.inspect.ClusterInputs;
import dev.kubeharden.inspect.KubectlConfigz;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeLayout;
import dev.kubeharden.model.DiffReport;
import dev.kubeharden.profile.ProfileCatalog;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kubeharden diff}: a node's current kubelet configuration against the hardened one. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Compare what a kubelet really runs with (flags > --config-dir drop-ins > --config file > defaults, and the"
          + " legacy flags-only defaults without a config file) with the hardened profile. One finding per"
          + " drifting field: controls, current value and where it came from, hardened value, severity, and the"
          + " generated file that fixes it.",
      "A --kubelet-config or --configz directory holding one sub-directory per node diffs a fleet.",
      "With --inventory, --kubelet-config DIR holds <cluster>/<pool>/<node>/ directories, each node diffed against"
          + " its cluster's and pool's profile."
    })
final class DiffCommand implements Callable<Integer> {
  enum Format {
    text,
    json,
    sarif,
    junit,
    markdown
  }

  @Spec CommandSpec spec;

  @Mixin ProfileOptions profile;

  @Option(
      names = "--kubelet-config",
      paramLabel = "FILE|DIR",
      description =
          "The kubelet's --config file; or a node directory; or a directory of node directories.")
  Path kubeletConfig;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description =
          "A copy of a node's filesystem (or / on the node): the kubelet's unit, drop-ins, environment"
              + " files, --config and --config-dir, found as systemd finds them.")
  Path root;

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description =
          "An Inventory file: --kubelet-config DIR holds <cluster>/<pool>/<node>/ node directories, each"
              + " diffed against the profiles, minor, variables, pool settings and exceptions of its cluster and pool."
              + " Reported as cluster/pool/node; text or json.")
  Path inventory;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description = "The kubelet's --config-dir (*.conf drop-ins).")
  Path configDir;

  @ArgGroup(exclusive = true)
  ArgsGroup args = new ArgsGroup();

  static final class ArgsGroup {
    @Option(
        names = "--kubelet-args",
        paramLabel = "ARGS",
        description = "The kubelet's arguments, inline.")
    String inline;

    @Option(
        names = "--kubelet-args-file",
        paramLabel = "FILE",
        description =
            "A systemd unit or drop-in, kubeadm-flags.env, /etc/default/kubelet or a ps line."
                + " Repeat in the order systemd reads them (unit, drop-ins, environment files).")
    List<Path> files = new ArrayList<>();
  }

  @Option(
      names = "--configz",
      paramLabel = "FILE|DIR",
      description =
          "JSON of 'kubectl get --raw /api/v1/nodes/NAME/proxy/configz'; or a directory of node directories.")
  Path configz;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description =
          "Fetch NAME's configz through kubectl (needs get on nodes/proxy, or nodes/configz with"
              + " KubeletFineGrainedAuthz).")
  String node;

  @Option(
      names = "--namespaces",
      paramLabel = "FILE",
      description = "kubectl get ns -o yaml (PSA labels).")
  Path namespaces;

  @Option(
      names = "--audit-policy",
      paramLabel = "FILE",
      description = "The API server's audit policy.")
  Path auditPolicy;

  @Option(
      names = "--apiserver-args",
      paramLabel = "ARGS",
      description = "The API server's arguments, inline.")
  String apiserverArgs;

  @Option(
      names = "--apiserver-args-file",
      paramLabel = "FILE",
      description = "The API server's arguments, a file.")
  Path apiserverArgsFile;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json, sarif, junit or markdown (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE, not stdout.")
  Path output;

  @Option(
      names = "--patch",
      description = "Add a unified diff from the current config file to the hardened one.")
  boolean patch;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description =
          "The distro the node runs (kubeadm, rke2, k3s, talos, k0s, kops, kubespray, eks, cluster-api): what that"
              + " target manages itself is attested by it, not checked on the node (see 'kubeharden targets').")
  String target;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      defaultValue = "low",
      description =
          "Exit 4 only when a finding of this severity or above exists: low, medium, high or"
              + " critical (default: ${DEFAULT-VALUE}, any finding). A kubelet that does not start"
              + " counts as critical.")
  Severity failOn;

  enum Severity {
    low,
    medium,
    high,
    critical
  }

  @Option(names = "--kubectl", paramLabel = "PATH", defaultValue = "kubectl", hidden = true)
  String kubectl;

  @Override
  public Integer call() throws IOException {
    if (target != null
        && (target.equals(dev.kubeharden.target.Targets.NODE)
            || dev.kubeharden.target.Targets.find(target).isEmpty())) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "unknown --target "
              + target
              + dev.kubeharden.model.Suggestions.hint(target, dev.kubeharden.target.Targets.names())
              + " (diff takes a distro target: "
              + String.join(
                  ", ",
                  dev.kubeharden.target.Targets.names()
                      .subList(1, dev.kubeharden.target.Targets.names().size()))
              + ")");
    }
    if (inventory != null) {
      return inventory();
    }
    var request = profile.request();
    if ((format == Format.text || format == Format.json) && streamable()) {
      return streamed(request);
    }
    List<NodeInputs> nodes = nodes();
    boolean fleet = nodes.size() != 1 || isFleetDir(kubeletConfig) || isFleetDir(configz);
    if (fleet && Terminal.interactive()) {
      spec.commandLine()
          .getErr()
          .println(
              "diffing "
                  + nodes.size()
                  + " nodes against "
                  + String.join(
                      "+", request.profiles().isEmpty() ? List.of("cis") : request.profiles())
                  + " ...");
    }
    DiffReport report =
        new DiffService(new ProfileCatalog())
            .diff(new DiffService.Request(request, nodes, fleet, patch, target));
    report.attested().forEach(n -> spec.commandLine().getErr().println("note: " + n));
    for (String note :
        ClusterInputs.notes(namespaces, auditPolicy, apiserverArgs, apiserverArgsFile)) {
      spec.commandLine().getErr().println("note: " + note);
    }
    String text =
        switch (format) {
          case json -> DiffJson.render(report);
          case sarif -> DiffSarif.render(report);
          case junit -> DiffJunit.render(report);
          case markdown -> DiffMarkdown.render(report);
          default -> DiffText.render(report, output == null && Terminal.colour());
        };
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
      spec.commandLine().getErr().println("wrote " + output);
    } else {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    }
    return fails(report) ? ExitCodes.DRIFT : ExitCodes.OK;
  }

  /**
   * Whether the report has a finding at or above --fail-on (a kubelet that is down is critical).
   */
  private boolean fails(DiffReport report) {
    for (var n : report.nodes()) {
      if (!n.kubeletStarts() || n.isUnknown()) {
        return true;
      }
      for (var f : n.findings()) {
        if (Severity.valueOf(f.severity()).compareTo(failOn) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A --kubelet-config or --configz directory of node directories, given alone: streamed node by
   * node.
   */
  private boolean streamable() {
    Path dir = configz != null ? configz : kubeletConfig;
    return node == null
        && target == null
        && configDir == null
        && args.inline == null
        && args.files.isEmpty()
        && !(configz != null && kubeletConfig != null)
        && isFleetDir(dir);
  }

  private Integer inventory() throws IOException {
    profile.rejectWithInventory();
    if (configz != null
        || node != null
        || configDir != null
        || args.inline != null
        || !args.files.isEmpty()) {
      throw usage(
          "--inventory reads node directories: give --kubelet-config DIR alone, without --configz, --node,"
              + " --config-dir or --kubelet-args(-file)");
    }
    if (kubeletConfig == null || !Files.isDirectory(kubeletConfig)) {
      throw usage(
          "--inventory needs --kubelet-config DIR, a directory of <cluster>/<pool>/<node>/ directories");
    }
    if (format != Format.text && format != Format.json) {
      throw usage("--inventory reports in text or json (got " + format + ")");
    }
    FleetDiff.Format f = streamFormat();
    boolean color = color(f);
    FleetDiff fleet = new FleetDiff(new ProfileCatalog());
    FleetDiff.Summary summary =
        stream(
            (w, raw) -> fleet.runInventory(inventory, kubeletConfig, patch, f, color, w, raw),
            kubeletConfig + " holds no <cluster>/<pool>/<node>/ directory");
    return summary.failsAt(failOn.name()) ? ExitCodes.DRIFT : ExitCodes.OK;
  }

  private Integer streamed(dev.kubeharden.profile.ResolveRequest request) throws IOException {
    Path dir = configz != null ? configz : kubeletConfig;
    List<Path> dirs = FleetDiff.nodeDirs(dir);
    if (dirs.isEmpty()) {
      throw usage(dir + " holds no node directory");
    }
    if (Terminal.interactive()) {
      spec.commandLine()
          .getErr()
          .println(
              "diffing "
                  + dirs.size()
                  + " nodes against "
                  + String.join(
                      "+", request.profiles().isEmpty() ? List.of("cis") : request.profiles())
                  + " ...");
    }
    FleetDiff.Format f = streamFormat();
    boolean color = color(f);
    FleetDiff.Summary summary =
        stream(
            (w, raw) ->
                new FleetDiff(new ProfileCatalog()).run(request, dirs, patch, f, color, w, raw),
            dir + " holds no node directory");
    return summary.failsAt(failOn.name()) ? ExitCodes.DRIFT : ExitCodes.OK;
  }

  private FleetDiff.Format streamFormat() {
    return format == Format.json ? FleetDiff.Format.JSON : FleetDiff.Format.TEXT;
  }

  private boolean color(FleetDiff.Format f) {
    return f == FleetDiff.Format.TEXT && output == null && Terminal.colour();
  }

  /** One streamed run: renders into the writer (and the raw stream, when it is a file). */
  @FunctionalInterface
  private interface StreamRun {
    FleetDiff.Summary run(Writer out, java.io.OutputStream raw) throws IOException;
  }

  /**
   * Streams a run into --output, replaced in one step, or to stdout. A null summary means there
   * were no nodes: {@code noNodes} is then the usage error (nothing is written).
   */
  private FleetDiff.Summary stream(StreamRun run, String noNodes) throws IOException {
    FleetDiff.Summary summary;
    if (output != null) {
      Path abs = output.toAbsolutePath();
      Path tmp = Files.createTempFile(abs.getParent(), ".kubeharden-diff", ".tmp");
      try {
        try (var raw = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
            Writer o = new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8)) {
          summary = run.run(o, raw);
        }
        if (summary == null) {
          throw usage(noNodes);
        }
        notes();
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      spec.commandLine().getErr().println("wrote " + output);
    } else {
      var out = spec.commandLine().getOut();
      summary = run.run(out, null);
      if (summary == null) {
        throw usage(noNodes);
      }
      out.flush();
      notes();
    }
    return summary;
  }

  private void notes() throws IOException {
    for (String note :
        ClusterInputs.notes(namespaces, auditPolicy, apiserverArgs, apiserverArgsFile)) {
      spec.commandLine().getErr().println("note: " + note);
    }
  }

  private List<NodeInputs> nodes() throws IOException {
    if (args.inline != null && args.inline.isBlank()) {
      throw usage(
          "--kubelet-args is empty: give the kubelet's arguments (a kubelet without any runs on its"
              + " legacy flags-only defaults; say so with --kubelet-args=--v=0 if that is meant)");
    }
    boolean local =
        kubeletConfig != null || configDir != null || args.inline != null || !args.files.isEmpty();
    if (root != null) {
      if (local || configz != null || node != null) {
        throw usage("--root reads the node's own files: give it without the other node inputs");
      }
      if (!Files.isDirectory(root)) {
        throw usage("--root must be a directory (got " + root + ")");
      }
      return List.of(
          dev.kubeharden.inspect.RootLayout.of(
              name(root),
              root,
              profile.request().version() == null
                  ? dev.kubeharden.model.KubeVersion.DEFAULT
                  : profile.request().version()));
    }
    if ((configz != null && (local || node != null)) || (node != null && local)) {
      throw usage(
          "--configz and --node read a running kubelet; give them without the file and args inputs");
    }
    if (!local && configz == null && node == null && root == null) {
      throw usage(
          "give a node input: --kubelet-config, --config-dir, --kubelet-args(-file), --configz or --node");
    }
    if (node != null) {
      if (!node.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
        throw usage("--node must be a Kubernetes node name (got '" + node + "')");
      }
      String json = KubectlConfigz.fetch(kubectl, node);
      return List.of(
          new NodeInputs(node, null, null, null, List.of(), "kubectl configz of " + node, json));
    }
    Path dir = configz != null ? configz : kubeletConfig;
    if (dir != null && Files.isDirectory(dir)) {
      if (configDir != null || args.inline != null || !args.files.isEmpty()) {
        throw usage("a node directory holds the drop-ins and args itself; give it alone");
      }
      List<NodeInputs> nodes =
          NodeLayout.isNodeDir(dir)
              ? List.of(NodeLayout.of(name(dir), dir))
              : NodeLayout.fleet(dir);
      if (nodes.isEmpty()) {
        throw usage(dir + " holds no node directory");
      }
      return nodes;
    }
    if (configz != null) {
      return List.of(
          new NodeInputs("node", null, null, null, List.of(), configz.toString(), read(configz)));
    }
    return List.of(
        new NodeInputs("node", kubeletConfig, configDir, args.inline, args.files, null, null));
  }

  private static boolean isFleetDir(Path p) {
    return p != null && Files.isDirectory(p) && !NodeLayout.isNodeDir(p);
  }

  private static String name(Path dir) {
    Path f = dir.toAbsolutePath().normalize().getFileName();
    return f == null ? "node" : f.toString();
  }

  private String read(Path p) throws IOException {
    if (!Files.isRegularFile(p)) {
      throw new dev.kubeharden.model.InvalidInputException(
          List.of(
              dev.kubeharden.model.Problem.error(
                  dev.kubeharden.model.Position.of(p.toString()), "no such file")));
    }
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
