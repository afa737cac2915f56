package dev.kubeharden.profile;

import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValidator;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.kubelet.RiskWarnings;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Origin;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.model.Values;
import dev.kubeharden.model.Variable;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layers profiles into one {@link ResolvedProfile}: linearizes {@code extends} (parents first, no
 * cycles), settles variables, controls and tailoring, applies settings in order, then checks the
 * result against the kubelet's validation and against every active control's requirements. All
 * problems are collected and thrown together.
 */
public final class ProfileResolver {
  private static final Pattern VAR_REF = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)\\}");
  private final ProfileCatalog catalog;
  private final KubeletSchema schema = KubeletSchema.get();

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
    return new Resolution(req, chain, notes, problems).run();
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

  /** One resolution run; holds the state that the steps share. */
  private final class Resolution {
    private final ResolveRequest req;
    private final List<Profile> chain;
    private final List<String> notes;
    private final List<Problem> problems;
    private final KubeletValues values;
    private final Map<String, Variable> variables = new LinkedHashMap<>();
    private final Map<String, Node> variableValues = new LinkedHashMap<>();
    private final Map<String, ResolvedSetting> config = new LinkedHashMap<>();
    private final Map<String, Position> valuePositions = new LinkedHashMap<>();

    Resolution(
        ResolveRequest req, List<Profile> chain, List<String> notes, List<Problem> problems) {
      this.req = req;
      this.chain = chain;
      this.notes = notes;
      this.problems = problems;
      this.values = new KubeletValues(problems);
    }

    ResolvedProfile run() {
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
      Map<String, String> varDriven = variableDrivenFields();
      settleVariables(varDriven);
      Map<String, Control> controls = new LinkedHashMap<>();
      for (Profile p : chain) {
        for (Control c : p.controls()) {
          controls.remove(c.id());
          controls.put(c.id(), c);
        }
      }
      List<ResolvedProfile.DisabledControl> disabled = new ArrayList<>();
      List<Disable> disables = new ArrayList<>();
      chain.forEach(p -> disables.addAll(p.disabled()));
      disables.addAll(req.disables());
      Set<String> off = new HashSet<>();
      for (Disable d : disables) {
        Control c = controls.get(d.controlId());
        if (c == null) {
          problems.add(
              Problem.error(
                  d.position(),
                  "disable: unknown control "
                      + d.controlId()
                      + Suggestions.hint(d.controlId(), controls.keySet())));
          continue;
        }
        if (off.add(c.id())) {
          disabled.add(new ResolvedProfile.DisabledControl(c, d.reason(), d.profile()));
        }
      }
      List<Control> active = new ArrayList<>();
      List<ResolvedProfile.NotApplicable> notApplicable = new ArrayList<>();
      for (Control c : controls.values()) {
        if (off.contains(c.id())) {
          continue;
        }
        if (!c.versions().contains(req.version())) {
          notApplicable.add(
              new ResolvedProfile.NotApplicable(
                  c,
                  "applies to Kubernetes " + c.versions() + ", generating for " + req.version()));
          continue;
        }
        active.add(c);
      }
      for (Profile p : chain) {
        for (Control c : active) {
          if (c.profile().equals(p.name()) && isDefinedIn(c, p)) {
            for (Setting s : c.settings()) {
              apply(s, new Origin(p.name(), c.id(), s.position()));
            }
          }
        }
        for (Setting s : p.settings()) {
          apply(s, new Origin(p.name(), null, s.position()));
        }
      }
      applyCommandLineSets(varDriven);
      checkAvailability();
      Map<String, ResolvedSetting> ordered = orderedConfig(active);
      Map<String, Object> plain = new LinkedHashMap<>();
      ordered.forEach((k, v) -> plain.put(k, v.value()));
      problems.addAll(KubeletValidator.validate(plain, req.version(), this::positionOf));
      checkRequirements(active, ordered);
      Map<String, String> flags = new TreeMap<>();
      chain.forEach(p -> flags.putAll(p.flags()));
      checkForbiddenFlags(active, flags);
      List<FileRule> fileRules = files(active);
      if (problems.stream().anyMatch(Problem::isError)) {
        throw new InvalidInputException(problems.stream().filter(Problem::isError).toList());
      }
      List<String> warnings = new ArrayList<>();
      chain.forEach(p -> warnings.addAll(p.warnings()));
      warnings.addAll(RiskWarnings.of(plain, req.version()));
      Map<String, String> varText = new TreeMap<>();
      variableValues.forEach((k, v) -> varText.put(k, Values.show(KubeletValues.plain(v))));
      List<String> names = chain.stream().map(Profile::name).toList();
      dev.kubeharden.model.ClusterSettings cluster = dev.kubeharden.model.ClusterSettings.EMPTY;
      List<Problem> clusterProblems = new ArrayList<>();
      for (Profile p : chain) {
        cluster =
            cluster.over(
                new ClusterSectionParser(clusterProblems, variableValues::get).parse(p.cluster()));
      }
      checkExemptNamespaceLabels(cluster, clusterProblems);
      if (!clusterProblems.isEmpty()) {
        throw new InvalidInputException(clusterProblems);
      }
      warnings.addAll(dev.kubeharden.controlplane.ClusterWarnings.of(cluster));
      return new ResolvedProfile(
          displayName(),
          names,
          req.version(),
          List.copyOf(notes),
          List.copyOf(active),
          List.copyOf(disabled),
          List.copyOf(notApplicable),
          ordered,
          flags,
          varText,
          fileRules,
          cluster,
          List.copyOf(warnings));
    }

    /**
     * Pod Security never evaluates a namespace listed in exemptions.namespaces, for enforce, audit
     * or warn alike (pod-security-admission admission/admission.go returns before EvaluatePod), so
     * audit or warn labels above privileged there would claim checks that never run.
     */
    private void checkExemptNamespaceLabels(
        dev.kubeharden.model.ClusterSettings cluster, List<Problem> out) {
      for (dev.kubeharden.model.ClusterSettings.NamespacePolicy ns : cluster.namespaces()) {
        if (!cluster.exemptNamespaces().contains(ns.name())) {
          continue;
        }
        for (String[] mode : new String[][] {{"audit", ns.audit()}, {"warn", ns.warn()}}) {
          if (mode[1] != null && !"privileged".equals(mode[1])) {
            out.add(
                Problem.error(
                    ns.position() == null
                        ? Position.of("cluster.podSecurity.namespaces")
                        : ns.position(),
                    "namespace "
                        + ns.name()
                        + " is exempt from Pod Security, which then never evaluates it"
                        + " (pod-security-admission admission.go), so "
                        + mode[0]
                        + ": "
                        + mode[1]
                        + " would claim checks that never run; use privileged, or remove it from the exemptions"));
          }
        }
      }
    }

    private boolean isDefinedIn(Control c, Profile p) {
      return p.controls().contains(c);
    }

    private String displayName() {
      List<String> parts = new ArrayList<>();
      for (String ref :
          req.profiles().isEmpty() ? List.of(ProfileCatalog.CIS_ALIAS) : req.profiles()) {
        parts.add(ProfileCatalog.looksLikePath(ref) ? baseName(ref) : ref);
      }
      return String.join("+", parts);
    }

    private String baseName(String ref) {
      String f = java.nio.file.Path.of(ref).getFileName().toString();
      return f.replaceFirst("\\.ya?ml$", "");
    }

    /**
     * The fields whose final value is a whole {@code ${variable}}, with that variable. A {@code
     * --set} of such a field sets the variable, so that every other use of it (file rules, the
     * report, the control-plane files) follows.
     */
    private Map<String, String> variableDrivenFields() {
      Map<String, String> out = new LinkedHashMap<>();
      for (Profile p : chain) {
        List<Setting> settings = new ArrayList<>();
        p.controls().forEach(c -> settings.addAll(c.settings()));
        settings.addAll(p.settings());
        for (Setting s : settings) {
          Matcher whole =
              s.value() instanceof Setting.VarRef ref ? VAR_REF.matcher(ref.text()) : null;
          if (whole != null && whole.matches()) {
            out.put(s.path(), whole.group(1));
          } else if (s.value() instanceof Setting.VarRef) {
            out.put(s.path(), null);
          } else {
            out.remove(s.path());
          }
        }
      }
      return out;
    }

    private void settleVariables(Map<String, String> varDriven) {
      for (Profile p : chain) {
        for (Variable v : p.variables().values()) {
          Variable prior = variables.get(v.name());
          if (prior != null && prior.type() != null && !prior.type().equals(v.type())) {
            problems.add(
                Problem.error(
                    v.position(),
                    "variable "
                        + v.name()
                        + " is redeclared as "
                        + v.type()
                        + " (declared "
                        + prior.type()
                        + " at "
                        + prior.position()
                        + ")"));
            continue;
          }
          variables.put(v.name(), v);
          variableValues.put(v.name(), v.defaultValue());
        }
        for (Map.Entry<String, Node> e : p.values().entrySet()) {
          setVariable(e.getKey(), e.getValue(), e.getValue().position());
        }
      }
      for (String assignment : req.vars()) {
        int eq = assignment.indexOf('=');
        Position pos = Position.of("--var " + assignment);
        if (eq <= 0) {
          problems.add(Problem.error(pos, "expected NAME=VALUE"));
          continue;
        }
        try {
          Node n =
              YamlLoader.load("--var " + assignment.substring(0, eq), assignment.substring(eq + 1));
          setVariable(assignment.substring(0, eq), n, pos);
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      }
      for (String assignment : req.sets()) {
        int eq = assignment.indexOf('=');
        String variable = eq > 0 ? varDriven.get(assignment.substring(0, eq)) : null;
        if (variable == null) {
          continue;
        }
        Position pos = Position.of("--set " + assignment);
        try {
          String text = assignment.substring(eq + 1);
          Node n =
              YamlLoader.load(
                  "--set " + assignment.substring(0, eq), text.isEmpty() ? "\"\"" : text);
          setVariable(variable, relocate(n, pos), pos);
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      }
    }

    private void setVariable(String name, Node value, Position pos) {
      Variable v = variables.get(name);
      if (v == null) {
        problems.add(
            Problem.error(
                pos, "unknown variable " + name + Suggestions.hint(name, variables.keySet())));
        return;
      }
      List<Problem> local = new ArrayList<>();
      checkVariable(v, value, local);
      if (local.isEmpty()) {
        variableValues.put(name, value);
      } else {
        problems.addAll(local);
      }
    }

    private void checkVariable(Variable v, Node value, List<Problem> out) {
      if (v.type() == null) {
        return;
      }
      boolean ok =
          switch (v.type()) {
            case "integer" -> value instanceof Node.Scalar s && s.plain() && "int".equals(s.tag());
            case "boolean" -> value instanceof Node.Scalar s && s.plain() && "bool".equals(s.tag());
            case "stringList" -> value instanceof Node.SeqNode;
            default -> value instanceof Node.Scalar s && (!s.plain() || "str".equals(s.tag()));
          };
      if (!ok) {
        out.add(
            Problem.error(
                value.position(),
                "variable "
                    + v.name()
                    + " must be "
                    + ProfileParser.article(v.type())
                    + ", not "
                    + value.describe()));
      } else if ("path".equals(v.type()) && !((Node.Scalar) value).text().startsWith("/")) {
        out.add(
            Problem.error(value.position(), "variable " + v.name() + " must be an absolute path"));
      }
    }

    private void apply(Setting s, Origin origin) {
      Object value = s.value();
      if (value instanceof Setting.VarRef ref) {
        value = substitute(s.path(), ref, s.position());
        if (value == KubeletValues.INVALID) {
          return;
        }
      }
      put(s.path(), value, origin, s.position());
    }

    private void put(String path, Object value, Origin origin, Position pos) {
      if (value == null) {
        config.remove(path);
        valuePositions.remove(path);
        return;
      }
      KubeletField f = schema.field(path);
      ResolvedSetting prior = config.get(path);
      if (prior != null
          && value instanceof Map<?, ?> m
          && prior.value() instanceof Map<?, ?> pm
          && isMap(f)) {
        Map<Object, Object> merged = new TreeMap<>(pm);
        merged.putAll(m);
        value = merged;
      }
      config.put(path, new ResolvedSetting(path, value, origin, List.of()));
      valuePositions.put(path, pos);
    }

    private boolean isMap(KubeletField f) {
      return f != null
          && (f.type() == FieldType.STRING_MAP
              || f.type() == FieldType.BOOL_MAP
              || f.type() == FieldType.QUANTITY_MAP
              || f.type() == FieldType.STRING_LIST_MAP);
    }

    private Object substitute(String path, Setting.VarRef ref, Position pos) {
      KubeletField f = schema.field(path);
      Matcher whole = VAR_REF.matcher(ref.text());
      if (whole.matches()) {
        Node n = variableValues.get(whole.group(1));
        if (n == null) {
          problems.add(
              Problem.error(
                  pos,
                  "unknown variable "
                      + whole.group(1)
                      + Suggestions.hint(whole.group(1), variables.keySet())));
          return KubeletValues.INVALID;
        }
        List<Problem> local = new ArrayList<>();
        Object v = new KubeletValues(local).read(f, n);
        for (Problem p : local) {
          problems.add(
              Problem.error(
                  pos,
                  p.message()
                      + " (from variable "
                      + whole.group(1)
                      + " set at "
                      + p.position()
                      + ")"));
        }
        return v;
      }
      Matcher m = VAR_REF.matcher(ref.text());
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        Node n = variableValues.get(m.group(1));
        if (!(n instanceof Node.Scalar s)) {
          problems.add(
              Problem.error(
                  pos,
                  n == null
                      ? "unknown variable "
                          + m.group(1)
                          + Suggestions.hint(m.group(1), variables.keySet())
                      : "variable " + m.group(1) + " is a list and cannot be part of a string"));
          return KubeletValues.INVALID;
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(s.text()));
      }
      m.appendTail(sb);
      Node.Scalar text = new Node.Scalar(sb.toString(), false, "str", pos);
      return values.read(f, text);
    }

    private void applyCommandLineSets(Map<String, String> varDriven) {
      for (String assignment : req.sets()) {
        Position pos = Position.of("--set " + assignment);
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
          problems.add(Problem.error(pos, "expected FIELD=VALUE"));
          continue;
        }
        String path = assignment.substring(0, eq);
        if (varDriven.containsKey(path)) {
          if (varDriven.get(path) == null) {
            problems.add(
                Problem.error(
                    pos,
                    path
                        + " is built from profile variables; set them with --var NAME=VALUE instead"
                        + " (kubeharden profiles show lists them)"));
          }
          continue; // routed through its variable in settleVariables
        }
        String text = assignment.substring(eq + 1);
        KubeletField f = schema.field(path);
        String mapKey = null;
        if (f == null) {
          int dot = path.lastIndexOf('.');
          while (dot > 0 && f == null) {
            KubeletField candidate = schema.field(path.substring(0, dot));
            if (candidate != null && isMap(candidate)) {
              f = candidate;
              mapKey = path.substring(candidate.path().length() + 1);
            }
            dot = path.lastIndexOf('.', dot - 1);
          }
        }
        if (f == null || !f.type().isLeaf() || path.contains("[]")) {
          List<String> leaves = new ArrayList<>();
          schema.leaves().forEach(l -> leaves.add(l.path()));
          problems.add(
              Problem.error(
                  pos,
                  "unknown KubeletConfiguration field " + path + Suggestions.hint(path, leaves)));
          continue;
        }
        Node node;
        try {
          node = YamlLoader.load("--set " + path, text.isEmpty() ? "\"\"" : text);
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
          continue;
        }
        node = relocate(node, pos);
        Object value;
        if (mapKey != null) {
          Map<String, Node.Entry> entry = new LinkedHashMap<>();
          entry.put(mapKey, new Node.Entry(mapKey, pos, node));
          value = values.read(f, new Node.MapNode(entry, pos));
        } else {
          value = values.read(f, node);
        }
        if (value != KubeletValues.INVALID) {
          put(f.path(), value, Origin.commandLine(pos), pos);
        }
      }
    }

    /** Gives a --set value the position of the option, so messages name it. */
    private Node relocate(Node n, Position pos) {
      if (n instanceof Node.Scalar s) {
        return new Node.Scalar(s.text(), s.plain(), s.tag(), pos);
      }
      if (n instanceof Node.SeqNode seq) {
        List<Node> items = new ArrayList<>();
        seq.items().forEach(i -> items.add(relocate(i, pos)));
        return new Node.SeqNode(items, pos);
      }
      Map<String, Node.Entry> entries = new LinkedHashMap<>();
      ((Node.MapNode) n)
          .entries()
          .forEach((k, e) -> entries.put(k, new Node.Entry(k, pos, relocate(e.value(), pos))));
      return new Node.MapNode(entries, pos);
    }

    private void checkAvailability() {
      for (ResolvedSetting s : config.values()) {
        KubeletField f = schema.field(s.path());
        if (!f.availableIn(req.version())) {
          problems.add(
              Problem.error(
                  positionOf(s.path()),
                  s.path()
                      + " needs Kubernetes "
                      + f.since()
                      + " or newer (generating for "
                      + req.version()
                      + "); set it in a control with kubernetesVersions: {min: \""
                      + f.since()
                      + "\"}"));
        }
      }
    }

    private Map<String, ResolvedSetting> orderedConfig(List<Control> active) {
      Map<String, List<String>> byPath = new LinkedHashMap<>();
      for (Control c : active) {
        for (Requirement r : c.requirements()) {
          List<String> ids = byPath.computeIfAbsent(fieldOf(r.path()), k -> new ArrayList<>());
          if (!ids.contains(c.id())) {
            ids.add(c.id());
          }
        }
      }
      Map<String, ResolvedSetting> out = new LinkedHashMap<>();
      for (KubeletField f : schema.leaves()) {
        ResolvedSetting s = config.get(f.path());
        if (s != null) {
          out.put(
              f.path(),
              new ResolvedSetting(
                  s.path(),
                  s.value(),
                  s.origin(),
                  List.copyOf(byPath.getOrDefault(f.path(), List.of()))));
        }
      }
      return out;
    }

    /** The schema field a requirement path names: itself, or the map field holding the key. */
    private String fieldOf(String path) {
      return ProfileResolver.fieldOf(schema, path);
    }

    private Position positionOf(String path) {
      Position p = valuePositions.get(path);
      return p == null ? Position.of("(resolved configuration)") : p;
    }

    private void checkRequirements(List<Control> active, Map<String, ResolvedSetting> ordered) {
      for (Control c : active) {
        for (Requirement r : c.requirements()) {
          ResolvedSetting s = ordered.get(fieldOf(r.path()));
          Object actual = valueAt(ordered, r.path());
          if (r.isMetBy(actual)) {
            continue;
          }
          String who =
              s == null
                  ? "a later layer unset it"
                  : s.origin().describe() + " sets " + Values.show(actual);
          Position pos = s == null ? r.position() : positionOf(fieldOf(r.path()));
          problems.add(
              Problem.error(
                  pos,
                  who
                      + ", which undoes control "
                      + c.id()
                      + " (requires "
                      + r.describe()
                      + "); change the value, or disable the control with a reason"));
        }
      }
    }

    private void checkForbiddenFlags(List<Control> active, Map<String, String> flags) {
      for (Control c : active) {
        for (String f : c.forbidFlags()) {
          if (flags.containsKey(f)) {
            Position pos = c.position();
            for (Profile p : chain) {
              if (p.flags().containsKey(f)) {
                pos = p.position();
              }
            }
            problems.add(
                Problem.error(
                    pos,
                    "kubelet flag --"
                        + f
                        + " is set, but control "
                        + c.id()
                        + " forbids it; disable the control"
                        + " with a reason if this node needs it"));
          }
        }
      }
    }

    /**
     * Resolves the variables in the active controls' file rules (replacing the controls in {@code
     * active}) and merges the rules per path: a mode is a maximum ("600 or more restrictive"), so
     * the merged rule keeps the bits every control allows.
     */
    private List<FileRule> files(List<Control> active) {
      Map<String, FileRule> out = new TreeMap<>();
      for (int i = 0; i < active.size(); i++) {
        Control c = active.get(i);
        List<FileRule> resolved = new ArrayList<>();
        for (FileRule raw : c.files()) {
          FileRule f = raw;
          Matcher m = VAR_REF.matcher(raw.path());
          if (m.matches()) {
            Node n = variableValues.get(m.group(1));
            String p = n instanceof Node.Scalar sc ? sc.text() : null;
            if (p == null || !SafePaths.isAbsoluteNormal(p)) {
              problems.add(
                  Problem.error(
                      raw.position(),
                      "file path "
                          + raw.path()
                          + " must name a variable holding an absolute path"));
              continue;
            }
            f = new FileRule(p, raw.mode(), raw.owner(), raw.group(), raw.position());
          }
          resolved.add(f);
          FileRule prior = out.get(f.path());
          if (prior == null) {
            out.put(f.path(), f);
          } else {
            int mode = Integer.parseInt(prior.mode(), 8) & Integer.parseInt(f.mode(), 8);
            out.put(
                f.path(),
                new FileRule(
                    f.path(),
                    String.format("%04o", mode),
                    prior.owner(),
                    prior.group(),
                    prior.position()));
          }
        }
        active.set(i, c.withFiles(resolved));
      }
      return List.copyOf(out.values());
    }
  }
}
