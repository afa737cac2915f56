package dev.kubeharden.cli;

import dev.kubeharden.diff.DiffPlan;
import dev.kubeharden.diff.DiffService;
import dev.kubeharden.diff.DiffStream;
import dev.kubeharden.diff.format.DiffFormat;
import dev.kubeharden.diff.format.DiffText;
import dev.kubeharden.diff.format.DiffTotals;
import dev.kubeharden.diff.format.Spool;
import dev.kubeharden.inspect.ClusterView;
import dev.kubeharden.inspect.KubectlProxy;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeLayout;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.target.Targets;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
              + " Reported as cluster/pool/node.")
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
          "Read node NAME's running kubelet through the API server (kubectl proxy): its /configz"
              + " and, from 1.35, its structured /flagz. Needs get on nodes/proxy.")
  String node;

  @Option(
      names = "--all-nodes",
      description =
          "Read every node of the current kubectl context (or those --selector matches), in"
              + " parallel; identical results are grouped. Needs list on nodes and get on nodes/proxy.")
  boolean allNodes;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "LABELS",
      description =
          "With --all-nodes: a label selector (kubectl's -l), e.g. node-role.kubernetes.io/worker=.")
  String selector;

  @Option(
      names = "--node-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "With --node/--all-nodes: the bound on each call through kubectl (default: ${DEFAULT-VALUE});"
              + " a node that does not answer is reported as unreadable.")
  int nodeTimeout;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "With --all-nodes: nodes read at a time (default: ${DEFAULT-VALUE}).")
  int concurrency;

  /** kubectl proxy, while --node or --all-nodes reads the cluster. */
  private KubectlProxy proxy;

  @Option(
      names = "--namespaces",
      paramLabel = "FILE",
      description =
          "kubectl get ns -o yaml|json (or Namespace documents): Pod Security labels, checked"
              + " against the profile's cluster controls in a cluster section.")
  Path namespaces;

  @Option(
      names = "--audit-policy",
      paramLabel = "FILE",
      description = "The API server's audit Policy, checked against the profile's audit controls.")
  Path auditPolicy;

  @Option(
      names = "--apiserver-args",
      paramLabel = "ARGS",
      description =
          "The API server's flags, inline (a ps line works), checked against the profile's"
              + " control-plane controls.")
  String apiserverArgs;

  @Option(
      names = "--apiserver-args-file",
      paramLabel = "FILE",
      description =
          "The API server's static pod manifest (kube-apiserver.yaml: its command and args), or a"
              + " file of its flags.")
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
    if (target != null && (target.equals(Targets.NODE) || Targets.find(target).isEmpty())) {
      throw new ParameterException(
          spec.commandLine(),
          "unknown --target "
              + target
              + Suggestions.hint(target, Targets.names())
              + " (diff takes a distro target: "
              + String.join(", ", Targets.names().subList(1, Targets.names().size()))
              + ")");
    }
    try {
      return run();
    } finally {
      if (proxy != null) {
        proxy.close();
      }
    }
  }

  private Integer run() throws IOException {
    if (output != null
        && output.getParent() == null
        && List.of("text", "json", "sarif", "junit", "markdown", "yaml", "wide")
            .contains(output.toString())) {
      // kubectl's -o is a format; here it is a file: a report named "json" is never what is meant.
      throw usage(
          "-o/--output takes a FILE (got '"
              + output
              + "'); for the format use --format "
              + (output.toString().equals("yaml") || output.toString().equals("wide")
                  ? "json"
                  : output));
    }
    if (selector != null && !allNodes) {
      throw usage("--selector goes with --all-nodes");
    }
    if (nodeTimeout < 1 || concurrency < 1) {
      throw usage("--node-timeout and --concurrency must be at least 1");
    }
    boolean clusterInputs =
        namespaces != null
            || auditPolicy != null
            || apiserverArgs != null
            || apiserverArgsFile != null;
    if (clusterInputs && inventory != null) {
      throw usage(
          "--namespaces, --audit-policy and --apiserver-args(-file) are one cluster's: give them"
              + " without --inventory");
    }
    if (apiserverArgs != null && apiserverArgsFile != null) {
      throw usage("give --apiserver-args or --apiserver-args-file, not both");
    }
    if (apiserverArgs != null && apiserverArgs.isBlank()) {
      throw usage("--apiserver-args is empty: give the API server's flags");
    }
    DiffPlan plan =
        inventory != null ? inventoryPlan() : allNodes ? clusterPlan(cluster()) : plan(cluster());
    if (plan.head().fleet() && Terminal.interactive()) {
      spec.commandLine()
          .getErr()
          .println(
              "diffing " + plan.jobs().size() + " nodes against " + plan.head().profile() + " ...");
    }
    boolean colour = format == Format.text && output == null && Terminal.colour();
    DiffFormat f =
        allNodes && format == Format.text
            ? DiffText.grouped(colour)
            : DiffFormat.named(format.name(), colour);
    DiffTotals totals = write(plan, f);
    return totals.failsAt(failOn.name()) ? ExitCodes.DRIFT : ExitCodes.OK;
  }

  /** How the cluster section reads its inputs, or null without cluster inputs. */
  private java.util.function.Supplier<ClusterView> cluster() {
    if (namespaces == null
        && auditPolicy == null
        && apiserverArgs == null
        && apiserverArgsFile == null) {
      return null;
    }
    return () -> ClusterView.read(namespaces, auditPolicy, apiserverArgs, apiserverArgsFile);
  }

  /** The plan of diffing every node of the cluster (that --selector matches). */
  private DiffPlan clusterPlan(java.util.function.Supplier<ClusterView> cluster)
      throws IOException {
    if (inventory != null
        || node != null
        || root != null
        || configz != null
        || kubeletConfig != null
        || configDir != null
        || args.inline != null
        || !args.files.isEmpty()) {
      throw usage("--all-nodes reads the cluster: give it without other node inputs");
    }
    proxy = KubectlProxy.start(kubectl, Duration.ofSeconds(nodeTimeout));
    KubectlProxy p = proxy;
    List<DiffPlan.Node> nodes = new ArrayList<>();
    for (String name : p.nodeNames(selector)) {
      nodes.add(new DiffPlan.Node(name, () -> p.node(name)));
    }
    if (nodes.isEmpty()) {
      throw usage(
          selector == null ? "the cluster has no nodes" : "no node matches --selector " + selector);
    }
    return new DiffService(new ProfileCatalog())
        .plan(new DiffService.Request(profile.request(), nodes, true, patch, target), cluster);
  }

  /**
   * The plan of diffing the node inputs the options name against the profile; with cluster inputs
   * alone, only the cluster section.
   */
  private DiffPlan plan(java.util.function.Supplier<ClusterView> cluster) throws IOException {
    var request = profile.request();
    Path dir = configz != null ? configz : kubeletConfig;
    List<DiffPlan.Node> nodes;
    boolean fleet;
    if (isFleetDir(dir)
        && configDir == null
        && args.inline == null
        && args.files.isEmpty()
        && !(configz != null && kubeletConfig != null)
        && node == null
        && root == null) {
      nodes = DiffService.subdirectories(dir).stream().map(DiffPlan.Node::dir).toList();
      if (nodes.isEmpty()) {
        throw usage(dir + " holds no node directory");
      }
      fleet = true;
    } else if (cluster != null && !anyNodeInput()) {
      nodes = List.of();
      fleet = false;
    } else {
      nodes = nodes().stream().map(DiffPlan.Node::of).toList();
      fleet = nodes.size() != 1;
    }
    return new DiffService(new ProfileCatalog())
        .plan(new DiffService.Request(request, nodes, fleet, patch, target), cluster);
  }

  private boolean anyNodeInput() {
    return kubeletConfig != null
        || configDir != null
        || args.inline != null
        || !args.files.isEmpty()
        || configz != null
        || node != null
        || root != null;
  }

  private DiffPlan inventoryPlan() {
    profile.rejectWithInventory();
    if (configz != null
        || node != null
        || root != null
        || configDir != null
        || args.inline != null
        || !args.files.isEmpty()) {
      throw usage(
          "--inventory reads node directories: give --kubelet-config DIR alone, without --configz, --node,"
              + " --root, --config-dir or --kubelet-args(-file)");
    }
    if (kubeletConfig == null || !Files.isDirectory(kubeletConfig)) {
      throw usage(
          "--inventory needs --kubelet-config DIR, a directory of <cluster>/<pool>/<node>/ directories");
    }
    DiffPlan plan =
        new DiffService(new ProfileCatalog(), profile.expiry())
            .inventory(inventory, kubeletConfig, patch);
    if (plan.jobs().isEmpty()) {
      throw usage(kubeletConfig + " holds no <cluster>/<pool>/<node>/ directory");
    }
    return plan;
  }

  /**
   * Writes the report to --output, replaced in one step (a temporary file beside it, then a rename;
   * nothing is left on failure), or to stdout; then the notes. A write error on either is a runtime
   * failure, never a report cut short with a success or drift code.
   */
  private DiffTotals write(DiffPlan plan, DiffFormat f) throws IOException {
    DiffStream stream =
        allNodes ? new DiffStream(Spool.DEFAULT_MEMORY, concurrency) : new DiffStream();
    DiffTotals totals;
    if (output != null) {
      Path abs = output.toAbsolutePath();
      Path tmp = createReportFile(abs.getParent());
      try {
        try (var raw =
                new BufferedOutputStream(
                    Files.newOutputStream(
                        tmp,
                        java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    1 << 16);
            Writer o = new OutputStreamWriter(raw, StandardCharsets.UTF_8)) {
          totals = stream.run(plan, f, o, raw);
        }
        notes(plan);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      spec.commandLine().getErr().println("wrote " + output);
    } else {
      PrintWriter out = spec.commandLine().getOut();
      totals = stream.run(plan, f, out, null);
      out.flush();
      if (out.checkError()) {
        throw new IOException("cannot write the report to standard output");
      }
      notes(plan);
    }
    return totals;
  }

  /**
   * The file the report is written to before it is renamed onto --output: created new (never
   * through a link) with mode 0600 whatever the format, because a report can hold a node's
   * configuration; the rename then replaces what is at --output, a link included, without following
   * it.
   */
  private static Path createReportFile(Path dir) throws IOException {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(dir, ".kubeharden-diff", ".tmp");
    }
    return Files.createTempFile(
        dir,
        ".kubeharden-diff",
        ".tmp",
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
  }

  private void notes(DiffPlan plan) {
    PrintWriter err = spec.commandLine().getErr();
    plan.attested().forEach(n -> err.println("note: " + n));
  }

  private List<NodeInputs> nodes() throws IOException {
    // A blank --kubelet-args is invalid input at the option (exit 3), reported by the inspector as
    // every other node input is.
    boolean local =
        kubeletConfig != null || configDir != null || args.inline != null || !args.files.isEmpty();
    if (root != null) {
      return List.of(
          NodeInputOptions.root(
              spec.commandLine(),
              root,
              local || configz != null || node != null,
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
      proxy = KubectlProxy.start(kubectl, Duration.ofSeconds(nodeTimeout));
      NodeInputs in = proxy.node(node);
      if (in.unreadable() != null) {
        throw new IOException("cannot read node " + node + " through kubectl: " + in.unreadable());
      }
      return List.of(in);
    }
    Path dir = configz != null ? configz : kubeletConfig;
    if (dir != null && Files.isDirectory(dir)) {
      if (configDir != null || args.inline != null || !args.files.isEmpty()) {
        throw usage("a node directory holds the drop-ins and args itself; give it alone");
      }
      if (!NodeLayout.isNodeDir(dir)) {
        throw usage("a directory of node directories is diffed alone, not with other node inputs");
      }
      return List.of(NodeLayout.of(NodeInputOptions.name(dir), dir));
    }
    if (configz != null) {
      return List.of(NodeInputs.configz("node", configz.toString(), read(configz)));
    }
    return List.of(NodeInputs.files("node", kubeletConfig, configDir, args.inline, args.files));
  }

  private static boolean isFleetDir(Path p) {
    return p != null && Files.isDirectory(p) && !NodeLayout.isNodeDir(p);
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
