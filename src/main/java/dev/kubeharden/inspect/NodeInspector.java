package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ValueSource;
import dev.kubeharden.yaml.InputFiles;
import dev.kubeharden.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Computes a node's effective kubelet configuration from its inputs, following the kubelet: flags
 * over --config-dir drop-ins (lexical order of *.conf) over the --config file over defaults, and
 * the legacy flags-only defaults when there is no config file. Every problem in every input is
 * collected, then thrown.
 */
public final class NodeInspector {
  private static final String ALPHA_DROPIN_ENV = "KUBELET_CONFIG_DROPIN_DIR_ALPHA";
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> inputs = new ArrayList<>();
  private final List<String> startFailures = new ArrayList<>();
  private final Map<String, String> texts = new HashMap<>();

  private final KubeVersion version;
  private java.util.Set<String> environment = java.util.Set.of();
  private boolean running;

  /** The tree the node's files were found in, or null. */
  private NodeTree tree;

  /** Files already read for this node (by another view of it), by path; written as read. */
  private final Map<Path, String> reads;

  private NodeInspector(KubeVersion version, Map<Path, String> reads) {
    this.version = version;
    this.reads = reads;
  }

  /**
   * The effective configuration of a kubelet of the given minor (which decides how --config-dir is
   * honoured).
   */
  public static EffectiveConfig inspect(NodeInputs in, KubeVersion version) {
    return new NodeInspector(version, new HashMap<>()).run(in);
  }

  /**
   * As {@link #inspect(NodeInputs, KubeVersion)}, taking a file's text from {@code reads} when an
   * earlier view of the same node (the effective one, before kube-bench's) has read it, and adding
   * what it reads: one node, one read per file.
   */
  public static EffectiveConfig inspect(
      NodeInputs in, KubeVersion version, Map<Path, String> reads) {
    return new NodeInspector(version, reads).run(in);
  }

  private EffectiveConfig run(NodeInputs in) {
    tree = in.tree();
    EffectiveConfigBuilder b = new EffectiveConfigBuilder();
    if (in.unreadable() != null) {
      notes.add("cannot read this node: " + in.unreadable());
      return b.build(
          List.of(), ValueSource.DEFAULT, null, inputs, notes, startFailures, in.unreadable());
    }
    if (in.configzText() != null) {
      texts.put(in.configzName(), in.configzText());
      inputs.add(in.configzName());
      b.layer(
          ConfigSources.configz(in.configzName(), in.configzText(), problems, notes),
          ValueSource.CONFIGZ);
      List<Flag> flags = List.of();
      if (in.flagzText() != null) {
        String flagz = in.configzName().replace("configz", "flagz");
        texts.put(flagz, in.flagzText());
        inputs.add(flagz);
        flags = Flagz.flags(flagz, in.flagzText(), version.minor(), problems, notes);
        // Only flag-only and special (--seccomp-default, ORed with the config field) flags: twins
        // are in /configz already.
        applyFlags(flags, b);
      }
      return finish(b, flags, ValueSource.CONFIGZ, null);
    }
    List<Flag> flags = flags(in);
    boolean argsKnown = in.inlineArgs() != null || !in.argsFiles().isEmpty();
    Flag configFlag = last(flags, "config");
    if (configFlag != null && configFlag.value().isEmpty()) {
      // cmd/kubelet/app/server.go NewKubeletCommand loads a config file only "if
      // len(kubeletFlags.KubeletConfigFile) > 0": an empty --config= reads none.
      notes.add(
          configFlag.position() + ": --config= is empty, so the kubelet reads no config file");
      configFlag = null;
    }
    String configText = null;
    Map<String, KubeletValues.Located> file = Map.of();
    boolean hasConfig;
    if (in.configFile() != null) {
      String shown = in.configFile().toString();
      if (!Files.isRegularFile(in.configFile()) && argsKnown && configFlag == null) {
        hasConfig = false;
        notes.add(
            "the kubelet is started without --config: it runs on its legacy flags-only defaults (anonymous auth"
                + " on, AlwaysAllow, read-only port 10255)");
      } else if (!Files.isRegularFile(in.configFile()) && configFlag != null) {
        // cmd/kubelet/app/server.go NewKubeletCommand: loadConfigFile fails ("failed to load
        // kubelet config file") and the command returns an error: the kubelet never runs.
        hasConfig = false;
        startFailures.add(
            configFlag.position()
                + ": --config="
                + configFlag.value()
                + " ("
                + shown
                + ") does not exist: the kubelet fails to load its config file and exits");
      } else if (!Files.isRegularFile(in.configFile())) {
        hasConfig = false;
        problems.add(
            Problem.error(
                Position.of(shown),
                "no such file (give the kubelet's --config file, or its arguments with"
                    + " --kubelet-args/--kubelet-args-file)"));
      } else if (argsKnown && configFlag == null) {
        hasConfig = false;
        notes.add(
            "the kubelet arguments pass no --config, so the kubelet does not read "
                + shown
                + "; it runs on its legacy flags-only defaults");
      } else {
        hasConfig = true;
        configText = read(in.configFile());
        if (configText != null && !SharedTexts.looksLikeDocument(configText)) {
          problems.add(
              Problem.error(
                  Position.of(in.configFile().toString()),
                  "not a KubeletConfiguration (no apiVersion, kind or metadata key); its content"
                      + " is not shown"));
          configText = null;
        }
        if (configText != null) {
          inputs.add(shown);
          file = ConfigSources.config(shown, configText, problems, notes);
        }
      }
    } else {
      hasConfig = configFlag != null;
      if (hasConfig) {
        notes.add(
            "the kubelet reads --config="
                + configFlag.value()
                + ", which was not given (--kubelet-config);"
                + " its fields are taken as defaults");
      }
    }
    b.defaults(!hasConfig, version);
    b.layer(file, ValueSource.FILE);
    dropIns(in, argsKnown, last(flags, "config-dir"), b);
    applyFlags(flags, b);
    return finish(b, flags, ValueSource.DEFAULT, configText);
  }

  private List<Flag> flags(NodeInputs in) {
    List<ArgsSource> sources = new ArrayList<>();
    if (in.inlineArgs() != null) {
      sources.add(new ArgsSource("--kubelet-args", in.inlineArgs()));
    }
    for (Path p : in.argsFiles()) {
      String text = read(p);
      if (text != null) {
        sources.add(new ArgsSource(p.toString(), text));
      }
    }
    sources.forEach(s -> texts.put(s.name(), s.text()));
    sources.forEach(s -> inputs.add(s.name()));
    KubeletCommandLine cmd = new KubeletCommandLine(problems, notes);
    List<Word> words = cmd.read(sources);
    environment = cmd.variables();
    running = cmd.running();
    return FlagParser.kubelet(words, version.minor(), startFailures, notes);
  }

  private void dropIns(NodeInputs in, boolean argsKnown, Flag dirFlag, EffectiveConfigBuilder b) {
    if (in.configDir() == null) {
      if (dirFlag != null) {
        notes.add(
            "the kubelet reads drop-ins from --config-dir="
                + dirFlag.value()
                + ", which was not given (--config-dir)");
      }
      return;
    }
    if (argsKnown && dirFlag == null) {
      notes.add(
          "the kubelet arguments pass no --config-dir, so the kubelet does not read "
              + in.configDir());
      return;
    }
    boolean inlineOnly = in.argsFiles().isEmpty();
    if (argsKnown && version.configDirIsAlpha() && !environment.contains(ALPHA_DROPIN_ENV)) {
      if (running) {
        // A running kubelet that passes --config-dir is evidence the variable was set: a ps line
        // does not show the process environment.
        notes.add(
            "--config-dir is alpha in Kubernetes "
                + version
                + " and needs "
                + ALPHA_DROPIN_ENV
                + "; a running kubelet passes it, so the variable was set and the drop-ins count");
      } else if (inlineOnly) {
        notes.add(
            "--config-dir is alpha in Kubernetes "
                + version
                + ": without "
                + ALPHA_DROPIN_ENV
                + " in the kubelet's"
                + " environment the kubelet refuses to start; the drop-ins are not counted");
        return;
      } else {
        // cmd/kubelet/app/server.go (1.28-1.29): --config-dir without the variable is an error.
        startFailures.add(
            dirFlag.position()
                + ": --config-dir is alpha in Kubernetes "
                + version
                + " and the unit does not set "
                + ALPHA_DROPIN_ENV
                + ": the kubelet exits");
        return;
      }
    }
    if (!Files.isDirectory(in.configDir())) {
      problems.add(Problem.error(Position.of(in.configDir().toString()), "not a directory"));
      return;
    }
    List<Path> files = new ArrayList<>();
    NodeTree tree = in.tree() != null ? in.tree() : NodeTree.directory(in.configDir());
    try {
      walk(in.configDir(), tree, files);
    } catch (IOException e) {
      problems.add(
          Problem.error(Position.of(in.configDir().toString()), "cannot list: " + e.getMessage()));
      return;
    }
    for (Path p : files) {
      String text = read(p);
      if (text != null && !text.isBlank() && !plausibleDropIn(text)) {
        problems.add(
            Problem.error(
                Position.of(p.toString()),
                "not a KubeletConfiguration drop-in (no apiVersion, kind or metadata key); its"
                    + " content is not shown"));
        continue;
      }
      if (text != null) {
        inputs.add(p.toString());
        b.layer(ConfigSources.config(p.toString(), text, problems, notes), ValueSource.DROP_IN);
      }
    }
  }

  /**
   * Re-applies the command line over the merged files, as cmd/kubelet/app/server.go
   * kubeletConfigFlagPrecedence does (a fresh flag set bound to the merged config, then {@code
   * fs.Parse(args)}): every twin wins over the files, in command-line order. Map flags replace the
   * file's whole map on their first occurrence (component-base cli/flag MapStringString.Set clears
   * it) and add keys on later ones; only featureGates is merged back ("Add back feature gates that
   * were set in the original kc, but not in flags"). A stringSlice replaces on its first Set and
   * appends afterwards (pflag stringSliceValue.Set).
   */
  /**
   * The drop-ins in the order cmd/kubelet/app/server.go mergeKubeletConfigurations reads them:
   * {@code filepath.WalkDir} visits each directory's entries sorted by name (a sub-directory's
   * files come at the position of its name) and recurses; only names ending in ".conf"
   * (dropinFileExtension) are merged, other files are skipped.
   */
  private void walk(Path dir, NodeTree tree, List<Path> out) throws IOException {
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries =
          s.sorted(java.util.Comparator.comparing((Path p) -> p.getFileName().toString())).toList();
    }
    for (Path p : entries) {
      // WalkDir's entries come from lstat: a link to a directory is not walked into.
      if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        walk(p, tree, out);
      } else if (p.getFileName().toString().endsWith(".conf")) {
        Path file;
        try {
          file = tree.resolve(p);
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
          continue;
        }
        if (file != null) {
          out.add(file);
        }
      }
    }
  }

  private static final java.util.regex.Pattern TOP_KEY =
      java.util.regex.Pattern.compile("(?m)^\"?([A-Za-z][A-Za-z0-9]*)\"?[ \t]*:");

  /**
   * Whether a drop-in is plausibly a KubeletConfiguration, so that messages may quote its lines: a
   * document key (apiVersion, kind, metadata), or a top-level key that is a KubeletConfiguration
   * field. A password or environment file is neither.
   */
  private static boolean plausibleDropIn(String text) {
    if (SharedTexts.looksLikeDocument(text)) {
      return true;
    }
    java.util.regex.Matcher m = TOP_KEY.matcher(text);
    while (m.find()) {
      if (KubeletSchema.get().field(m.group(1)) != null) {
        return true;
      }
    }
    return false;
  }

  private void applyFlags(List<Flag> flags, EffectiveConfigBuilder b) {
    KubeletSchema schema = KubeletSchema.get();
    KubeletValues reader = new KubeletValues(problems);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Flag f : flags) {
      KubeletFlags.Spec spec = KubeletFlags.at(f.name(), version.minor());
      if (spec == null || spec.kind() == KubeletFlags.Kind.FLAG_ONLY) {
        continue;
      }
      String path = spec.field();
      KubeletField field = schema.field(path);
      Node node = FlagValues.node(spec, field, f.value(), f.valuePosition());
      if (node == null) {
        notes.add(
            f.position() + ": flag --" + f.name() + " (" + path + ") is not compared; ignored");
        continue;
      }
      Object v = reader.read(field, node);
      if (v == KubeletValues.INVALID) {
        continue;
      }
      boolean first = seen.add(f.name());
      if (spec.kind() == KubeletFlags.Kind.SPECIAL) {
        // cmd/kubelet/app/server.go createAndInitKubelet passes
        // "kubeServer.KubeletFlags.SeccompDefault ||
        // kubeServer.KubeletConfiguration.SeccompDefault".
        if (Boolean.TRUE.equals(v)) {
          b.put(path, true, ValueSource.FLAG, f.position());
        } else {
          notes.add(
              f.position()
                  + ": --"
                  + f.name()
                  + "=false does not turn seccompDefault off: the kubelet ORs the flag with the"
                  + " config field");
        }
        continue;
      }
      switch (spec.valueType()) {
        case "mapStringString", "mapStringStringNoSplit", "langleSeparatedMapStringString" -> {
          if (first) {
            b.replace(path, v, ValueSource.FLAG, f.position());
          } else {
            b.put(path, v, ValueSource.FLAG, f.position());
          }
        }
        case "stringSlice" -> {
          var prior = b.get(path);
          if (!first
              && prior != null
              && prior.value() instanceof List<?> l
              && v instanceof List<?> n) {
            List<Object> joined = new ArrayList<>(l);
            joined.addAll(n);
            v = joined;
          }
          b.put(path, v, ValueSource.FLAG, f.position());
        }
        default -> b.put(path, v, ValueSource.FLAG, f.position());
      }
    }
  }

  private EffectiveConfig finish(
      EffectiveConfigBuilder b, List<Flag> flags, ValueSource unset, String configText) {
    if (problems.stream().anyMatch(Problem::isError)) {
      List<Problem> withLines = new ArrayList<>();
      for (Problem p : problems) {
        withLines.add(YamlLoader.withLine(p, texts.get(p.position().source())));
      }
      throw new InvalidInputException(withLines);
    }
    return b.build(flags, unset, configText, inputs, notes, startFailures, null);
  }

  private static Flag last(List<Flag> flags, String name) {
    Flag found = null;
    for (Flag f : flags) {
      if (f.name().equals(name)) {
        found = f;
      }
    }
    return found;
  }

  /**
   * A node file, read as every input is (yaml/InputFiles: a regular file of at most 8 MiB, not
   * under /proc, /dev or /sys, UTF-8; NodeLayout keeps a node directory's files inside it); a
   * problem naming it, never quoting it, otherwise.
   */
  private String read(Path p) {
    try {
      String text = reads.get(p);
      if (text == null) {
        Position at = Position.of(p.toString());
        byte[] bytes = tree == null ? InputFiles.bytes(p, "file", at) : tree.bytes(p, "file", at);
        text = SharedTexts.of(bytes, p.toString());
        reads.put(p, text);
      }
      texts.put(p.toString(), text);
      return text;
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
    }
    return null;
  }
}
