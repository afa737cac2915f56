package dev.kubeharden.profile;

import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.model.Values;
import dev.kubeharden.model.Variable;
import dev.kubeharden.yaml.NodeReader;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Resolution step 1: the variables. Declarations and values layer over the chain, then {@code
 * --var}, then the {@code --set}s of variable-driven fields; problems go to the shared list.
 */
final class VariableStep {
  private final List<Problem> problems;
  private final Map<String, Variable> declared = new LinkedHashMap<>();
  private final Map<String, Node> values = new LinkedHashMap<>();
  private final Map<String, String> drivenFields;

  VariableStep(List<Profile> chain, ResolveRequest req, List<Problem> problems) {
    this.problems = problems;
    this.drivenFields = variableDrivenFields(chain);
    settle(chain, req);
  }

  /** The variable's value, or null if it is not declared. */
  Node value(String name) {
    return values.get(name);
  }

  Set<String> names() {
    return declared.keySet();
  }

  /**
   * The fields whose final value is a whole {@code ${variable}}, with that variable (null when the
   * value is built from several). A {@code --set} of such a field sets the variable, so that every
   * other use of it (file rules, the report, the control-plane files) follows.
   */
  Map<String, String> drivenFields() {
    return drivenFields;
  }

  /** Every variable's value as the report shows it, by name. */
  Map<String, String> shown() {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, Values.show(KubeletValues.plain(v))));
    return out;
  }

  private static Map<String, String> variableDrivenFields(List<Profile> chain) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Profile p : chain) {
      List<Setting> settings = new ArrayList<>();
      p.controls().forEach(c -> settings.addAll(c.settings()));
      settings.addAll(p.settings());
      for (Setting s : settings) {
        Matcher whole =
            s.value() instanceof Setting.VarRef ref
                ? ProfileResolver.VAR_REF.matcher(ref.text())
                : null;
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

  private void settle(List<Profile> chain, ResolveRequest req) {
    for (Profile p : chain) {
      for (Variable v : p.variables().values()) {
        Variable prior = declared.get(v.name());
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
        declared.put(v.name(), v);
        values.put(v.name(), v.defaultValue());
      }
      for (Map.Entry<String, Node> e : p.values().entrySet()) {
        set(e.getKey(), e.getValue(), e.getValue().position());
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
        set(assignment.substring(0, eq), n, pos);
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    for (String assignment : req.sets()) {
      int eq = assignment.indexOf('=');
      String variable = eq > 0 ? drivenFields.get(assignment.substring(0, eq)) : null;
      if (variable == null) {
        continue;
      }
      Position pos = Position.of("--set " + assignment);
      try {
        String text = assignment.substring(eq + 1);
        Node n =
            YamlLoader.load("--set " + assignment.substring(0, eq), text.isEmpty() ? "\"\"" : text);
        set(variable, SettingsStep.relocate(n, pos), pos);
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
  }

  private void set(String name, Node value, Position pos) {
    Variable v = declared.get(name);
    if (v == null) {
      problems.add(
          Problem.error(
              pos, "unknown variable " + name + Suggestions.hint(name, declared.keySet())));
      return;
    }
    Problem wrong = typeProblem(v, value);
    if (wrong == null) {
      values.put(name, value);
    } else {
      problems.add(wrong);
    }
  }

  private static Problem typeProblem(Variable v, Node value) {
    if (v.type() == null) {
      return null;
    }
    boolean ok =
        switch (v.type()) {
          case "integer" -> value instanceof Node.Scalar s && s.plain() && "int".equals(s.tag());
          case "boolean" -> value instanceof Node.Scalar s && s.plain() && "bool".equals(s.tag());
          case "stringList" -> value instanceof Node.SeqNode;
          default -> value instanceof Node.Scalar s && (!s.plain() || "str".equals(s.tag()));
        };
    if (ok && "integer".equals(v.type())) {
      List<Problem> number = new ArrayList<>();
      new NodeReader(number).int64(value, "variable " + v.name());
      if (!number.isEmpty()) {
        return number.get(0);
      }
    }
    if (!ok) {
      return Problem.error(
          value.position(),
          "variable "
              + v.name()
              + " must be "
              + VariablesReader.article(v.type())
              + ", not "
              + value.describe());
    }
    if ("path".equals(v.type()) && !SafePaths.isAbsoluteNormal(((Node.Scalar) value).text())) {
      // A path lands in line-oriented files (the systemd drop-in, tmpfiles lines): a newline, a
      // space, a
      // quote, "$" or "%" there would add a line, split a word or expand (systemd.syntax(7)).
      return Problem.error(value.position(), "variable " + v.name() + " " + SafePaths.RULE);
    }
    return null;
  }
}
