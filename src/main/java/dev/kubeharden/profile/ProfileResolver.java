package dev.kubeharden.profile;

import dev.kubeharden.controlplane.ClusterWarnings;
import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.RiskWarnings;
import dev.kubeharden.model.ClusterSettings;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Layers profiles into one {@link ResolvedProfile}: linearizes {@code extends} (parents first, no
 * cycles), settles variables, controls and tailoring, applies settings in order, then checks the
 * result against the kubelet's validation and against every active control's requirements. All
 * problems are collected and thrown together.
 */
public final class ProfileResolver {
  /** A whole or embedded {@code ${name}} variable reference. */
  static final Pattern VAR_REF = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)\\}");

  private final ProfileCatalog catalog;

  public ProfileResolver(ProfileCatalog catalog) {
    this.catalog = catalog;
  }

  public ResolvedProfile resolve(ResolveRequest req) {
    List<Problem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Profile> chain = new ArrayList<>();
    List<String> requested =
        req.profiles().isEmpty() ? List.of(ProfileCatalog.CIS_ALIAS) : req.profiles();
    Set<String> seen = new HashSet<>();
    for (String ref : requested) {
      String name = ref;
      if (!ProfileCatalog.looksLikePath(ref)) {
        name = ProfileCatalog.resolveAlias(ref, req.version());
        if (!name.equals(ref)) {
          notes.add(ProfileCatalog.aliasNote(req.version()));
        }
      }
      try {
        Profile p = catalog.load(name, null, false, Position.of("--profile " + ref));
        linearize(p, new ArrayList<>(), seen, chain);
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    chain.addAll(req.layers());
    return resolve(req, chain, notes);
  }

  /**
   * The steps, in order, each adding its problems to one list; the one gate at the end throws every
   * error they found together.
   */
  private static ResolvedProfile resolve(
      ResolveRequest req, List<Profile> chain, List<String> notes) {
    for (Profile p : chain) {
      if (!p.versions().contains(req.version())) {
        notes.add(
            "profile "
                + p.name()
                + " targets Kubernetes "
                + p.versions()
                + "; generating for "
                + req.version());
      }
    }
    List<Problem> problems = new ArrayList<>();
    VariableStep variables = new VariableStep(chain, req, problems);
    ControlSelection controls = ControlSelection.of(chain, req, problems);
    SettingsStep settings = new SettingsStep(variables, problems);
    settings.apply(chain, controls.active(), req.sets());
    ChecksStep checks = new ChecksStep(settings, req.version(), problems);
    checks.availability();
    Map<String, ResolvedSetting> ordered = settings.ordered(controls.active());
    Map<String, Object> plain = checks.kubeletValidation(ordered);
    checks.requirements(controls.active(), ordered);
    Map<String, String> flags = new TreeMap<>();
    chain.forEach(p -> flags.putAll(p.flags()));
    checks.forbiddenFlags(chain, controls.active(), flags);
    FileRuleStep files = FileRuleStep.of(controls.active(), variables, problems);
    ClusterSettings cluster = ClusterStep.of(chain, variables, problems);
    List<Problem> errors = problems.stream().filter(Problem::isError).toList();
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    List<String> warnings = new ArrayList<>();
    chain.forEach(p -> warnings.addAll(p.warnings()));
    warnings.addAll(controls.warnings());
    warnings.addAll(RiskWarnings.of(plain, req.version()));
    warnings.addAll(ClusterWarnings.of(cluster));
    return new ResolvedProfile(
        displayName(req),
        chain.stream().map(Profile::name).toList(),
        req.version(),
        List.copyOf(notes),
        files.controls(),
        controls.disabled(),
        controls.notApplicable(),
        ordered,
        flags,
        variables.shown(),
        files.rules(),
        cluster,
        List.copyOf(warnings),
        controls.exceptions());
  }

  private static String displayName(ResolveRequest req) {
    List<String> parts = new ArrayList<>();
    for (String ref :
        req.profiles().isEmpty() ? List.of(ProfileCatalog.CIS_ALIAS) : req.profiles()) {
      parts.add(
          ProfileCatalog.looksLikePath(ref)
              ? Path.of(ref).getFileName().toString().replaceFirst("\\.ya?ml$", "")
              : ref);
    }
    return String.join("+", parts);
  }

  /** The schema field a requirement path names: itself, or the map-typed field holding the key. */
  public static String fieldOf(KubeletSchema schema, String path) {
    if (schema.field(path) != null) {
      return path;
    }
    int dot = path.indexOf('.');
    while (dot > 0) {
      KubeletField f = schema.field(path.substring(0, dot));
      if (f != null && f.type() != FieldType.OBJECT) {
        return f.path();
      }
      dot = path.indexOf('.', dot + 1);
    }
    return path;
  }

  /** The value at a requirement path, looking into map-typed fields for "field.key" paths. */
  public static Object valueAt(Map<String, ResolvedSetting> config, String path) {
    ResolvedSetting s = config.get(path);
    if (s != null) {
      return s.value();
    }
    String field = fieldOf(KubeletSchema.get(), path);
    ResolvedSetting holder = config.get(field);
    if (holder != null && !field.equals(path) && holder.value() instanceof Map<?, ?> m) {
      return m.get(path.substring(field.length() + 1));
    }
    return null;
  }

  private void linearize(Profile p, List<String> stack, Set<String> seen, List<Profile> out) {
    String key = p.source();
    if (stack.contains(key)) {
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(key), stack.size()));
      cycle.add(key);
      throw InvalidInputException.of(
          p.position(), "cycle in extends: " + String.join(" -> ", cycle));
    }
    if (seen.contains(key)) {
      return;
    }
    stack.add(key);
    List<Problem> problems = new ArrayList<>();
    for (Profile.Ref ref : p.parents()) {
      try {
        Profile parent = catalog.load(ref.name(), p.directory(), p.shipped(), ref.position());
        if (stack.contains(parent.source())) {
          List<String> cycle =
              new ArrayList<>(stack.subList(stack.indexOf(parent.source()), stack.size()));
          cycle.add(parent.source());
          throw InvalidInputException.of(
              ref.position(), "cycle in extends: " + String.join(" -> ", cycle));
        }
        linearize(parent, stack, seen, out);
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    stack.remove(stack.size() - 1);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    seen.add(key);
    out.add(p);
  }
}
