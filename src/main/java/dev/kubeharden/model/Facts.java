package dev.kubeharden.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated fact tables under {@code kubeharden/facts/} ('#' comments, blank lines
 * skipped).
 */
public final class Facts {
  private Facts() {}

  /**
   * The rows of {@code kubeharden/facts/NAME}, each split on tabs (empty trailing columns kept).
   */
  public static List<String[]> rows(String name) {
    String resource = "/kubeharden/facts/" + name;
    try (InputStream in = Facts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String[]> out = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.split("\t", -1));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A minor column: "-" (before the oldest supported minor, or open-ended) or "1.N". */
  public static int minor(String text, int dash) {
    if ("-".equals(text)) {
      return dash;
    }
    KubeVersion v = KubeVersion.parseOrNull(text);
    if (v == null) {
      throw new IllegalStateException("bad minor " + text);
    }
    return v.minor();
  }
}
