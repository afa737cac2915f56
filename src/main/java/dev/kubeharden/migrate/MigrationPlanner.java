package dev.kubeharden.migrate;

import dev.kubeharden.inspect.EffectiveConfig;
import dev.kubeharden.inspect.Flag;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.EffectiveValue;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Migration;
import dev.kubeharden.model.Migration.Kind;
import dev.kubeharden.model.Migration.Step;
import dev.kubeharden.model.Origin;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.ValueSource;
import dev.kubeharden.render.NodePaths;
import dev.kubeharden.render.SystemdWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out what a node becomes when its flags move into one KubeletConfiguration and a profile's
 * hardening goes on top. The starting point is what the kubelet runs with today ({@link
 * EffectiveConfig}: defaults, --config file, --config-dir drop-ins, then the flags re-applied as
 * cmd/kubelet/app/server.go kubeletConfigFlagPrecedence does, so a map flag has already replaced
 * the file's map and --feature-gates has already been merged with the file's gates). Every field a
 * file, a drop-in or a flag set is written, and so is every legacy flags-only default (a kubelet
 * given --config no longer applies them: cmd/kubelet/app/options/options.go applyLegacyDefaults).
 * The hardening is then applied as a --config-dir drop-in over that file would be (a JSON merge
 * patch: map fields merge key by key, everything else is replaced), which is what generate's
 * 50-kubeharden.conf does to the same node. Flags without a config twin stay flags
 * (facts/kubelet-flags.tsv kind flagOnly). The profile's plain settings (kubelet.config and
 * kubelet.flags outside a control: staticPodPath, clusterDNS, ...) are the node's own business and
 * are not applied; the node's values stay. Every conflict that cannot be resolved is collected and
 * thrown as one input error.
 */
final class MigrationPlanner {
  private static final Set<ValueSource> SET_BY_NODE =
      Set.of(ValueSource.FILE, ValueSource.DROP_IN, ValueSource.FLAG, ValueSource.LEGACY_DEFAULT);

  /** NodeInspector's note for a flag that no kubelet-flags.tsv row names. */
  private static final String UNKNOWN_FLAG_NOTE = " is not one kubeharden knows; ignored";

  private static final Pattern LOCATED =
      Pattern.compile("(.+?):(\\d+):(\\d+): (.*)", Pattern.DOTALL);

  private static final Pattern EXEC_START = Pattern.compile("\\s*ExecStart\\s*=.*");

  private final NodeInputs in;
  private final EffectiveConfig eff;
  private final ResolvedProfile rp;
  private final UnaryOperator<String> shown;
  private final List<Problem> problems = new ArrayList<>();
  private final List<Step> moved = new ArrayList<>();
  private final List<Step> merged = new ArrayList<>();
  private final List<Step> kept = new ArrayList<>();
  private final List<Step> dropped = new ArrayList<>();
  private final List<Step> hardened = new ArrayList<>();
  private final List<String> flags = new ArrayList<>();

  private MigrationPlanner(
      NodeInputs in, EffectiveConfig eff, ResolvedProfile rp, UnaryOperator<String> shown) {
    this.in = in;
    this.eff = eff;
    this.rp = rp;
    this.shown = shown;
  }

  /**
   * The migration of a node, or an {@link InvalidInputException} with every conflict; {@code shown}
   * turns an input's path into the one the report prints.
   */
  static Migration plan(
      NodeInputs in, EffectiveConfig eff, ResolvedProfile rp, UnaryOperator<String> shown) {
    return new MigrationPlanner(in, eff, rp, shown).run();
  }

  private Migration run() {
    Position node = Position.of(in.name());
    if (eff.unknownReason() != null) {
      throw InvalidInputException.of(
          node, "cannot read what this node's kubelet runs with: " + eff.unknownReason());
    }
    for (String failure : eff.startFailures()) {
      problems.add(
          located(
              failure,
              "the kubelet does not start on these inputs, so there is nothing to migrate: "));
    }
    for (String note : eff.notes()) {
      if (note.endsWith(UNKNOWN_FLAG_NOTE)) {
        problems.add(
            located(
                note.substring(0, note.length() - UNKNOWN_FLAG_NOTE.length())
                    + " is not one kubeharden knows, so migrate cannot tell whether it has a config"
                    + " field: remove it from the node's arguments, or migrate by hand",
                ""));
      }
    }
    String configPath = configPath();
    inputsGiven();
    laterExecStarts();
    flags.add("--config=" + configPath);
    for (Flag f : eff.flags()) {
      flag(f);
    }
    Map<String, ResolvedSetting> config = config();
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    List<Step> steps = new ArrayList<>();
    for (Step s : moved) {
      ResolvedSetting h = config.get(s.field());
      steps.add(
          h == null || h.controls().isEmpty()
              ? s
              : new Step(
                  s.kind(),
                  s.subject(),
                  s.field(),
                  s.before(),
                  s.after(),
                  s.where(),
                  s.why() + "; then set by the hardening (below)"));
    }
    steps.addAll(merged);
    steps.addAll(kept);
    steps.addAll(dropped);
    steps.addAll(hardened);
    String kubeletPath = rp.variables().getOrDefault("kubeletPath", "/usr/bin/kubelet");
    return new Migration(
        in.name(),
        rp,
        configPath,
        kubeletPath,
        config,
        flags,
        steps,
        eff.inputs().stream().map(shown).toList(),
        eff.notes().stream().map(shown).toList());
  }

  /** The node's own --config path (the file it reads today), else kubeadm's. */
  private String configPath() {
    Flag f = eff.flag("config");
    if (f == null) {
      return NodePaths.KUBELET_CONFIG;
    }
    String p = f.value();
    boolean normal = p.startsWith("/") && !p.endsWith("/");
    for (String seg : p.substring(Math.min(1, p.length())).split("/", -1)) {
      normal &= !seg.isEmpty() && !seg.equals(".") && !seg.equals("..");
    }
    if (!normal || !SystemdWords.writable(p)) {
      problems.add(
          Problem.error(
              f.valuePosition(),
              "--config="
                  + p
                  + ": migrate writes the file at the path the kubelet reads, which must be absolute"
                  + " and normalized"));
      return NodePaths.KUBELET_CONFIG;
    }
    return p;
  }

  /** A --config or --config-dir the kubelet reads but that was not given would lose settings. */
  private void inputsGiven() {
    Flag config = eff.flag("config");
    if (config != null && in.configFile() == null) {
      problems.add(
          Problem.error(
              config.position(),
              "the kubelet reads --config="
                  + config.value()
                  + ", which was not given (--kubelet-config FILE): migrating without it would lose"
                  + " its settings"));
    }
    Flag dir = eff.flag("config-dir");
    if (dir != null && in.configDir() == null) {
      problems.add(
          Problem.error(
              dir.position(),
              "the kubelet reads drop-ins from --config-dir="
                  + dir.value()
                  + ", which was not given (--config-dir DIR): migrating without them would lose"
                  + " their settings"));
    }
  }

  /**
   * systemd applies a unit's drop-ins in file-name order (systemd.unit(5)): one that sorts after
   * 20-kubeharden.conf and sets ExecStart= would replace (or, without the reset, invalidate) the
   * migrated command line.
   */
  private void laterExecStarts() {
    String ours = NodePaths.SYSTEMD_DROPIN.substring(NodePaths.SYSTEMD_DROPIN.lastIndexOf('/') + 1);
    for (java.nio.file.Path p : in.argsFiles()) {
      String name = p.getFileName().toString();
      if (!name.endsWith(".conf") || name.compareTo(ours) <= 0) {
        continue;
      }
      List<String> lines;
      try {
        lines = java.nio.file.Files.readAllLines(p, java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        continue; // NodeInspector has reported it
      }
      for (int i = 0; i < lines.size(); i++) {
        if (EXEC_START.matcher(lines.get(i)).matches()) {
          problems.add(
              Problem.error(
                  new Position(p.toString(), i + 1, 1),
                  "this drop-in sorts after "
                      + ours
                      + " and sets ExecStart=, which would replace the migrated command line: move"
                      + " what it passes into the node's other inputs, or remove it, first"));
          break;
        }
      }
    }
  }

  private void flag(Flag f) {
    KubeletFlags.Spec spec = KubeletFlags.at(f.name(), rp.version().minor());
    String text = "--" + f.name() + "=" + f.value();
    String where = where(f.position());
    if (spec == null) {
      return; // FlagParser passes only flags of this minor
    }
    switch (spec.kind()) {
      case FLAG_ONLY -> flagOnly(f, text, where);
      case SPECIAL -> {
        // cmd/kubelet/app/server.go createAndInitKubelet: KubeletFlags.SeccompDefault ||
        // KubeletConfiguration.SeccompDefault. true is the config field's true; false does nothing.
        EffectiveValue ev = eff.values().get(spec.field());
        if (ev != null && Boolean.TRUE.equals(ev.value()) && ev.source() == ValueSource.FLAG) {
          moved.add(
              new Step(
                  Kind.MOVED,
                  text,
                  spec.field(),
                  true,
                  true,
                  where,
                  "the kubelet ORs the flag with the config field"));
        } else {
          drop(f, text, where, "no effect: the kubelet ORs the flag with " + spec.field());
        }
      }
      case TWIN -> twin(f, spec, text, where);
    }
  }

  /** Flag {@code f}, which the migrated node no longer passes, and why. */
  private void drop(Flag f, String text, String where, String why) {
    dropped.add(new Step(Kind.DROPPED, text, null, f.value(), null, where, why));
  }

  private void flagOnly(Flag f, String text, String where) {
    if (KubeletFlags.MANAGED.contains(f.name())) {
      drop(
          f,
          text,
          where,
          f.name().equals("config")
              ? "the drop-in passes --config itself"
              : "its drop-ins are merged into the config file, which is read alone");
      return;
    }
    for (Control c : rp.controls()) {
      if (c.forbidFlags().contains(f.name())) {
        problems.add(
            Problem.error(
                f.position(),
                "--"
                    + f.name()
                    + " is passed, but control "
                    + c.id()
                    + " forbids it ("
                    + c.title()
                    + "); dropping it would change the node (a flag without a config field), so"
                    + " remove it from the node first, or disable "
                    + c.id()
                    + " in a profile with a reason"));
        return;
      }
    }
    keep(f, text);
    kept.add(new Step(Kind.KEPT, text, null, f.value(), f.value(), where, "no config field"));
  }

  private void twin(Flag f, KubeletFlags.Spec spec, String text, String where) {
    EffectiveValue ev = eff.values().get(spec.field());
    if (ev != null && ev.source() == ValueSource.FLAG) {
      String why =
          switch (spec.valueType()) {
            case "mapStringBool" -> "merged with the gates of the files, as the kubelet does";
            case "mapStringString", "mapStringStringNoSplit", "langleSeparatedMapStringString" ->
                "replaces the files' whole " + spec.field() + " map, as the kubelet does";
            default -> "overrides the files, as the kubelet does";
          };
      moved.add(new Step(Kind.MOVED, text, spec.field(), f.value(), ev.value(), where, why));
      return;
    }
    // NodeInspector could not type this value (facts/kubelet-flags.tsv valueType
    // registerWithTaintsVar, reservedMemoryVar, ...): the flag stays and keeps overriding the file.
    if (hardeningSets(spec.field())) {
      problems.add(
          Problem.error(
              f.position(),
              "--"
                  + f.name()
                  + " sets "
                  + spec.field()
                  + ", which the hardening sets too; kubeharden cannot translate a "
                  + spec.valueType()
                  + " value into the config file, and as a flag it would override the hardening:"
                  + " move it into the node's config file by hand"));
      return;
    }
    keep(f, text);
    kept.add(
        new Step(
            Kind.KEPT,
            text,
            spec.field(),
            f.value(),
            f.value(),
            where,
            "kubeharden cannot translate a "
                + spec.valueType()
                + " value into "
                + spec.field()
                + "; the flag still overrides the file"));
  }

  /** A flag for the drop-in's command line, which must read back as the same word. */
  private void keep(Flag f, String text) {
    if (!SystemdWords.writable(text)) {
      problems.add(
          Problem.error(
              f.position(),
              "--"
                  + f.name()
                  + ": a control character, $ or % cannot be written into the systemd drop-in's"
                  + " command line (systemd expands $ and %, and kubeharden does not write their"
                  + " escapes)"));
    }
    flags.add(text);
  }

  private boolean hardeningSets(String field) {
    for (String p : rp.hardening().keySet()) {
      if (p.equals(field) || p.startsWith(field + ".") || field.startsWith(p + ".")) {
        return true;
      }
    }
    return false;
  }

  /** Every field the node set, then the hardening over them, in schema order. */
  private Map<String, ResolvedSetting> config() {
    KubeletSchema schema = KubeletSchema.get();
    Map<String, ResolvedSetting> hardening = rp.hardening();
    Map<String, ResolvedSetting> out = new LinkedHashMap<>();
    for (KubeletField field : schema.leaves()) {
      String path = field.path();
      EffectiveValue ev = eff.values().get(path);
      Object nodeValue = ev != null && SET_BY_NODE.contains(ev.source()) ? ev.value() : null;
      if (nodeValue != null && !field.availableIn(rp.version())) {
        dropped.add(
            new Step(
                Kind.DROPPED,
                path,
                path,
                nodeValue,
                null,
                where(ev.position()),
                "not a field of Kubernetes " + rp.version() + ": the kubelet ignores it"));
        nodeValue = null;
      }
      ResolvedSetting h = hardening.get(path);
      if (h == null && nodeValue != null && ev.source() == ValueSource.DROP_IN) {
        merged.add(
            new Step(
                Kind.MERGED, path, path, nodeValue, nodeValue, where(ev.position()), "drop-in"));
      } else if (h == null && nodeValue != null && ev.source() == ValueSource.LEGACY_DEFAULT) {
        merged.add(
            new Step(
                Kind.MERGED,
                path,
                path,
                nodeValue,
                nodeValue,
                "legacy default",
                "a kubelet without --config defaults it so; written to keep it"));
      }
      if (h != null) {
        Object value = h.value();
        if (isMap(field) && nodeValue instanceof Map<?, ?> nm && value instanceof Map<?, ?> hm) {
          Map<Object, Object> m = new TreeMap<>(nm);
          m.putAll(hm);
          value = m;
        }
        out.put(path, new ResolvedSetting(path, value, h.origin(), h.controls()));
        Object before = eff.lookup(path).value();
        if (!Objects.equals(normalize(before), normalize(value))) {
          EffectiveValue b = eff.lookup(path);
          hardened.add(
              new Step(
                  Kind.HARDENED,
                  path,
                  path,
                  before,
                  value,
                  b.source().isDefault() ? b.source().label() : where(b.position()),
                  String.join(", ", h.controls())));
        }
      } else if (nodeValue != null) {
        out.put(
            path,
            new ResolvedSetting(
                path,
                nodeValue,
                new Origin(Origin.Kind.PROFILE, ev.source().label(), null, ev.position()),
                List.of()));
      }
    }
    return out;
  }

  private static boolean isMap(KubeletField f) {
    return List.of(
            FieldType.STRING_MAP,
            FieldType.BOOL_MAP,
            FieldType.QUANTITY_MAP,
            FieldType.STRING_LIST_MAP)
        .contains(f.type());
  }

  static Object normalize(Object v) {
    return v instanceof Map<?, ?> m ? new TreeMap<>(m) : v;
  }

  /**
   * A problem from a message of NodeInspector's that starts with the position it is about
   * ("file:line:col: ..."), at that position; else at the node.
   */
  private Problem located(String message, String prefix) {
    Matcher m = LOCATED.matcher(message);
    if (m.matches()) {
      return Problem.error(
          new Position(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))),
          prefix + m.group(4));
    }
    return Problem.error(Position.of(in.name()), prefix + shown.apply(message));
  }

  private String where(Position p) {
    return shown.apply(p.toString());
  }
}
