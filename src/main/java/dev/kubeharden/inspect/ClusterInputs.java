package dev.kubeharden.inspect;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import dev.kubeharden.yaml.YamlLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster inputs, reported minimally as notes (not yet findings): namespaces without a Pod Security
 * Admission enforce label, an audit policy's rule count and whether it sees kubelet-related
 * traffic, and API server flags that weaken the path to the kubelet or audit.
 */
public final class ClusterInputs {
  private ClusterInputs() {}

  public static List<String> notes(
      Path namespaces, Path auditPolicy, String apiserverArgs, Path apiserverArgsFile)
      throws IOException {
    List<String> notes = new ArrayList<>();
    if (namespaces != null) {
      notes.add(namespaces(namespaces));
    }
    if (auditPolicy != null) {
      notes.add(audit(auditPolicy));
    }
    if (apiserverArgs != null || apiserverArgsFile != null) {
      String text =
          apiserverArgs != null
              ? apiserverArgs
              : Files.readString(apiserverArgsFile, StandardCharsets.UTF_8);
      String source = apiserverArgs != null ? "--apiserver-args" : apiserverArgsFile.toString();
      notes.addAll(apiserver(source, text));
    }
    return notes;
  }

  private static String namespaces(Path file) throws IOException {
    Node root = YamlLoader.load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    Node items = root instanceof Node.MapNode m ? m.get("items") : null;
    if (!(items instanceof Node.SeqNode seq)) {
      throw InvalidInputException.of(
          root.position(), "expected a List of Namespaces (kubectl get ns -o yaml)");
    }
    List<String> open = new ArrayList<>();
    for (Node ns : seq.items()) {
      Node meta = ns instanceof Node.MapNode m ? m.get("metadata") : null;
      Node name = meta instanceof Node.MapNode mm ? mm.get("name") : null;
      Node labels = meta instanceof Node.MapNode mm ? mm.get("labels") : null;
      boolean enforced =
          labels instanceof Node.MapNode l && l.get("pod-security.kubernetes.io/enforce") != null;
      if (!enforced) {
        open.add(name instanceof Node.Scalar s ? s.text() : "?");
      }
    }
    return "namespaces: "
        + open.size()
        + " of "
        + seq.items().size()
        + " have no pod-security.kubernetes.io/enforce label"
        + (open.isEmpty() ? "" : ": " + String.join(", ", open));
  }

  private static String audit(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Node root = YamlLoader.load(file.toString(), text);
    Node rules = root instanceof Node.MapNode m ? m.get("rules") : null;
    if (!(rules instanceof Node.SeqNode seq) || seq.items().isEmpty()) {
      throw new InvalidInputException(
          List.of(
              YamlLoader.withLine(
                  Problem.error(root.position(), "an audit Policy needs at least one rule"),
                  text)));
    }
    List<String> missing = new ArrayList<>();
    for (String r : List.of("nodes/proxy", "pods/exec", "pods/portforward", "tokenreviews")) {
      String sub = r.contains("/") ? r.substring(r.indexOf('/') + 1) : r;
      if (!text.contains(r) && !text.contains("\"" + sub + "\"") && !text.contains(" " + sub)) {
        missing.add(r);
      }
    }
    return "audit policy: "
        + seq.items().size()
        + " rules"
        + (missing.isEmpty()
            ? ""
            : "; no rule names "
                + String.join(", ", missing)
                + " (first match wins: check the catch-all rule)");
  }

  private static List<String> apiserver(String source, String text) {
    List<Problem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Word> words = ShellWords.split(text.replace('\n', ' '), source, 1, 1, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    List<Flag> flags = FlagParser.parse(words, new ArrayList<>());
    String mode = value(flags, "authorization-mode");
    if (mode != null && mode.contains("AlwaysAllow")) {
      notes.add("apiserver: --authorization-mode includes AlwaysAllow");
    }
    for (String f :
        List.of("kubelet-certificate-authority", "audit-policy-file", "audit-log-path")) {
      if (value(flags, f) == null) {
        notes.add("apiserver: --" + f + " is not set");
      }
    }
    if (!"false".equals(value(flags, "anonymous-auth"))) {
      notes.add("apiserver: --anonymous-auth is not false");
    }
    if (notes.isEmpty()) {
      notes.add("apiserver: no weakening flag found");
    }
    return notes;
  }

  private static String value(List<Flag> flags, String name) {
    String v = null;
    for (Flag f : flags) {
      if (f.name().equals(name)) {
        v = f.value();
      }
    }
    return v;
  }
}
