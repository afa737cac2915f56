package dev.kubeharden.inspect;

import java.nio.file.Path;
import java.util.List;

/**
 * What is known about one node's kubelet. Any part may be absent.
 *
 * @param configFile the --config file (it may not exist: then the report says what the kubelet
 *     does)
 * @param configDir the --config-dir drop-in directory
 * @param inlineArgs kubelet arguments given on the command line
 * @param argsFiles systemd units and drop-ins, environment files, or ps lines, in the order systemd
 *     reads them
 * @param configzName where the configz JSON came from (a file, or "kubectl ... configz")
 * @param configzText the /configz JSON, or null
 * @param auditorSeesConfig whether kube-bench finds the --config file (it looks only at fixed
 *     candidate paths)
 * @param unreadable why kubeharden cannot tell what this node's kubelet runs with (its verdict is
 *     unknown), or null
 * @param flagzText the kubelet's structured /flagz JSON (beside configzText), or null
 * @param tree the tree the files were found in (a node directory, a copy of a node's filesystem),
 *     which no link may lead out of, or null: the drop-in directory is then its own tree
 */
public record NodeInputs(
    String name,
    Path configFile,
    Path configDir,
    String inlineArgs,
    List<Path> argsFiles,
    String configzName,
    String configzText,
    String unreadable,
    boolean auditorSeesConfig,
    String flagzText,
    NodeTree tree) {

  public NodeInputs {
    argsFiles = List.copyOf(argsFiles);
  }

  /** A node given file by file: readable, its config file seen by the auditor. */
  public static NodeInputs files(
      String name, Path configFile, Path configDir, String inlineArgs, List<Path> argsFiles) {
    return new NodeInputs(
        name, configFile, configDir, inlineArgs, argsFiles, null, null, null, true, null, null);
  }

  /** A node known by its /configz JSON alone, read from {@code configzName}. */
  public static NodeInputs configz(String name, String configzName, String configzText) {
    return new NodeInputs(
        name, null, null, null, List.of(), configzName, configzText, null, true, null, null);
  }

  /** These inputs, found in {@code tree}. */
  public NodeInputs in(NodeTree tree) {
    return with(configFile, configDir, tree);
  }

  /**
   * A running kubelet read through the API server: its /configz and, where the kubelet serves it,
   * its structured /flagz (null otherwise).
   */
  public static NodeInputs live(String name, String configzName, String configz, String flagz) {
    return new NodeInputs(
        name, null, null, null, List.of(), configzName, configz, null, true, flagz, null);
  }

  /**
   * What kube-bench sees of this node: the main config file (when it sits at one of kube-bench's
   * candidate paths) and the kubelet's flags, never the --config-dir drop-ins.
   */
  public NodeInputs auditorView() {
    return with(auditorSeesConfig ? configFile : null, null, tree);
  }

  /** A node whose inputs kubeharden cannot read. */
  public static NodeInputs unreadable(String name, String reason) {
    return new NodeInputs(name, null, null, null, List.of(), null, null, reason, true, null, null);
  }

  /** These inputs with another config file, drop-in directory and tree. */
  private NodeInputs with(Path configFile, Path configDir, NodeTree tree) {
    return new NodeInputs(
        name,
        configFile,
        configDir,
        inlineArgs,
        argsFiles,
        configzName,
        configzText,
        unreadable,
        auditorSeesConfig,
        flagzText,
        tree);
  }

  public boolean isEmpty() {
    return configFile == null
        && configDir == null
        && inlineArgs == null
        && argsFiles.isEmpty()
        && configzText == null
        && unreadable == null;
  }
}
