package dev.kubeharden.kubelet;

import dev.kubeharden.model.KubeVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The KubeletConfiguration v1beta1 field set, loaded from {@code
 * kubeharden/schema/kubelet-v1beta1.tsv}: the field names, types, the minor each appeared in, and
 * the per-field validation rules of the kubelet.
 */
public final class KubeletSchema {
  public static final String API_VERSION = "kubelet.config.k8s.io/v1beta1";
  public static final String KIND = "KubeletConfiguration";
  private static final String RESOURCE = "/kubeharden/schema/kubelet-v1beta1.tsv";

  /** Compiled once: String.split compiles a multi-character pattern on every call. */
  private static final Pattern SPACES = Pattern.compile(" +");

  private static final Pattern RANGE = Pattern.compile("\\.\\.");

  /** The header line that documents the rules; it must name exactly the rules checked here. */
  private static final String RULES_LINE = "# rules (space-separated):";

  private static final Set<String> RULES =
      Set.of(
          "enum",
          "range",
          "min",
          "ip",
          "const",
          "cipher",
          "reject",
          "nonEmpty",
          "absPath",
          "positive");
  private static volatile KubeletSchema instance;

  private final Map<String, KubeletField> fields;

  private final List<KubeletField> leaves;

  private KubeletSchema(Map<String, KubeletField> fields) {
    this.fields = Collections.unmodifiableMap(fields);
    List<KubeletField> out = new ArrayList<>();
    for (KubeletField f : fields.values()) {
      if (f.type().isLeaf() && !f.path().contains("[]")) {
        out.add(f);
      }
    }
    this.leaves = List.copyOf(out);
  }

  public static KubeletSchema get() {
    KubeletSchema s = instance;
    if (s == null) {
      synchronized (KubeletSchema.class) {
        if (instance == null) {
          instance = load();
        }
        s = instance;
      }
    }
    return s;
  }

  public KubeletField field(String path) {
    return fields.get(path);
  }

  public Collection<KubeletField> fields() {
    return fields.values();
  }

  /** The names of the direct children of an object path ("" for the top level). */
  public List<String> childNames(String parent) {
    List<String> out = new ArrayList<>();
    for (KubeletField f : fields.values()) {
      if (f.parent().equals(parent)) {
        out.add(f.name());
      }
    }
    return out;
  }

  /** Leaf fields (everything but nested objects), in types.go order (unmodifiable). */
  public List<KubeletField> leaves() {
    return leaves;
  }

  public boolean availableIn(String path, KubeVersion v) {
    KubeletField f = fields.get(path);
    return f != null && f.availableIn(v);
  }

  private static KubeletSchema load() {
    try (InputStream in = KubeletSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, KubeletField> fields = new LinkedHashMap<>();
      String line;
      int order = 0;
      boolean documented = false;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(RULES_LINE)) {
          checkDocumentedRules(line.substring(RULES_LINE.length()));
          documented = true;
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t");
        fields.put(cols[0], parse(cols, order++));
      }
      if (!documented) {
        throw new IllegalStateException(RESOURCE + ": no \"" + RULES_LINE + "\" header line");
      }
      sameNames(fields, TlsVersion.FIELD, TlsVersion.wireNames());
      sameNames(fields, AuthorizationMode.FIELD, AuthorizationMode.wireNames());
      return new KubeletSchema(fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkDocumentedRules(String text) {
    Set<String> documented = new TreeSet<>();
    for (String rule : SPACES.split(text.trim(), -1)) {
      int eq = rule.indexOf('=');
      documented.add(eq < 0 ? rule : rule.substring(0, eq));
    }
    if (!documented.equals(new TreeSet<>(RULES))) {
      throw new IllegalStateException(
          RESOURCE
              + ": the header documents rules "
              + documented
              + ", the loader checks "
              + new TreeSet<>(RULES));
    }
  }

  /** The closed sets kept as Java enums must match the schema's enum rule for their field. */
  private static void sameNames(Map<String, KubeletField> fields, String path, List<String> names) {
    KubeletField f = fields.get(path);
    if (f == null || !f.enumValues().equals(names)) {
      throw new IllegalStateException(
          RESOURCE + ": " + path + " must have enum=" + String.join("|", names));
    }
  }

  private static KubeletField parse(String[] cols, int order) {
    String path = cols[0];
    FieldType type = FieldType.parse(cols[1]);
    KubeVersion since = "-".equals(cols[2]) ? null : KubeVersion.parseOrNull(cols[2]);
    List<String> enums = List.of();
    Long min = null;
    Long max = null;
    String constant = null;
    String rejected = null;
    boolean ip = false;
    boolean cipher = false;
    boolean positive = false;
    boolean nonEmpty = false;
    boolean absPath = false;
    if (cols.length > 3) {
      for (String rule : SPACES.split(cols[3].trim(), -1)) {
        if (rule.startsWith("enum=")) {
          enums = List.of(rule.substring(5).split("\\|"));
        } else if (rule.startsWith("range=")) {
          String[] lohi = RANGE.split(rule.substring(6), -1);
          min = Long.parseLong(lohi[0]);
          max = Long.parseLong(lohi[1]);
        } else if (rule.startsWith("min=")) {
          min = Long.parseLong(rule.substring(4));
        } else if (rule.startsWith("const=")) {
          constant = rule.substring(6);
        } else if (rule.startsWith("reject=")) {
          rejected = rule.substring(7);
        } else if (rule.equals("ip")) {
          ip = true;
        } else if (rule.equals("cipher")) {
          cipher = true;
        } else if (rule.equals("positive")) {
          positive = true;
        } else if (rule.equals("nonEmpty")) {
          nonEmpty = true;
        } else if (rule.equals("absPath")) {
          absPath = true;
        } else if (!rule.isEmpty()) {
          throw new IllegalStateException("unknown schema rule " + rule + " for " + path);
        }
      }
    }
    return new KubeletField(
        path, type, since, enums, min, max, constant, rejected, ip, cipher, positive, nonEmpty,
        absPath, order);
  }
}
