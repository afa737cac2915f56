package dev.kubeharden.cli;

import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeLayout;
import dev.kubeharden.inspect.RootLayout;
import dev.kubeharden.model.KubeVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The files of one node, as diff takes them (--kubelet-config FILE|DIR, --config-dir,
 * --kubelet-args or --kubelet-args-file, --root), for a command that needs the node's whole command
 * line: without the kubelet's arguments nothing says which flags it runs with.
 */
final class NodeInputOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--kubelet-config",
      paramLabel = "FILE|DIR",
      description =
          "The kubelet's --config file; or a node directory (laid out as diff reads one).")
  Path kubeletConfig;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description = "The kubelet's --config-dir (*.conf drop-ins).")
  Path configDir;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description =
          "A copy of a node's filesystem (or / on the node): the kubelet's unit, drop-ins, environment"
              + " files, --config and --config-dir, found as systemd finds them.")
  Path root;

  @ArgGroup(exclusive = true)
  Args args = new Args();

  static final class Args {
    @Option(
        names = "--kubelet-args",
        paramLabel = "ARGS",
        description = "The kubelet's arguments, inline (a ps line works).")
    String inline;

    @Option(
        names = "--kubelet-args-file",
        paramLabel = "FILE",
        description =
            "A systemd unit or drop-in, kubeadm-flags.env, /etc/default/kubelet or a ps line."
                + " Repeat in the order systemd reads them (unit, drop-ins, environment files).")
    List<Path> files = new ArrayList<>();
  }

  /** The node's inputs, checked: one node, with its arguments. */
  NodeInputs inputs(KubeVersion version) {
    // A blank --kubelet-args is invalid input at the option (exit 3), reported by the inspector.
    boolean local =
        kubeletConfig != null || configDir != null || args.inline != null || !args.files.isEmpty();
    if (root != null) {
      return root(spec.commandLine(), root, local, version);
    }
    if (!local) {
      throw usage(
          "give a node input: --root, --kubelet-config, --config-dir or --kubelet-args(-file)");
    }
    NodeInputs in;
    if (kubeletConfig != null && Files.isDirectory(kubeletConfig)) {
      if (configDir != null || args.inline != null || !args.files.isEmpty()) {
        throw usage("a node directory holds the drop-ins and args itself; give it alone");
      }
      if (!NodeLayout.isNodeDir(kubeletConfig)) {
        throw usage(
            kubeletConfig
                + " is not a node directory (a directory of node directories is a fleet: give one"
                + " node)");
      }
      in = NodeLayout.of(name(kubeletConfig), kubeletConfig);
      if (in.configzText() != null) {
        throw usage(
            kubeletConfig
                + " holds configz.json, which shows the kubelet's settings but not its flags: give"
                + " the node's files");
      }
    } else {
      in = NodeInputs.files("node", kubeletConfig, configDir, args.inline, args.files);
    }
    if (in.inlineArgs() == null && in.argsFiles().isEmpty()) {
      throw usage(
          "give the kubelet's arguments (--kubelet-args, --kubelet-args-file, --root, or a node"
              + " directory with its unit and environment files): the systemd drop-in replaces its"
              + " command line, so every flag it passes must be known");
    }
    return in;
  }

  /**
   * How reports show an input's path: under --root, the node's own path (/etc/...); inside a node
   * directory, relative to it.
   */
  UnaryOperator<String> shown() {
    Path base =
        root != null
            ? root
            : kubeletConfig != null && Files.isDirectory(kubeletConfig) ? kubeletConfig : null;
    if (base == null) {
      return s -> s;
    }
    String prefix = base.toString().replaceFirst("/+$", "") + "/";
    String replacement = root != null ? "/" : "";
    return s -> s.replace(prefix, replacement);
  }

  /**
   * The node under --root, read as the kubelet of {@code version} would be; {@code others} says
   * whether other node inputs were given too (a usage error).
   */
  static NodeInputs root(CommandLine cl, Path root, boolean others, KubeVersion version) {
    if (others) {
      throw new ParameterException(
          cl, "--root reads the node's own files: give it without the other node inputs");
    }
    if (!Files.isDirectory(root)) {
      throw new ParameterException(cl, "--root must be a directory (got " + root + ")");
    }
    return RootLayout.of(name(root), root, version);
  }

  /** A node directory's name, "node" for a root directory. */
  static String name(Path dir) {
    Path f = dir.toAbsolutePath().normalize().getFileName();
    return f == null ? "node" : f.toString();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
