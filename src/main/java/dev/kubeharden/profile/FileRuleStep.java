package dev.kubeharden.profile;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Resolution step 5: the file rules. Resolves the variables in the active controls' file paths and
 * merges the rules per path: a mode is a maximum ("600 or more restrictive"), so the merged rule
 * keeps the bits every control allows. A path variable that does not hold an absolute path is an
 * error here, before the gate, so that no control is reported applied without its rule.
 *
 * @param controls the active controls, with their file rules resolved
 * @param rules the merged rules, by path
 */
record FileRuleStep(List<Control> controls, List<FileRule> rules) {

  FileRuleStep {
    controls = List.copyOf(controls);
    rules = List.copyOf(rules);
  }

  static FileRuleStep of(List<Control> active, VariableStep variables, List<Problem> problems) {
    Map<String, FileRule> out = new TreeMap<>();
    List<Control> controls = new ArrayList<>();
    for (Control c : active) {
      List<FileRule> resolved = new ArrayList<>();
      for (FileRule raw : c.files()) {
        FileRule f = raw;
        Matcher m = ProfileResolver.VAR_REF.matcher(raw.path());
        if (m.matches()) {
          Node n = variables.value(m.group(1));
          String p = n instanceof Node.Scalar sc ? sc.text() : null;
          if (p == null || !SafePaths.isAbsoluteNormal(p)) {
            problems.add(
                Problem.error(
                    raw.position(),
                    "file path " + raw.path() + " must name a variable holding an absolute path"));
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
      controls.add(c.withFiles(resolved));
    }
    return new FileRuleStep(controls, List.copyOf(out.values()));
  }
}
