package dev.kubeharden.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What the build stamped into the jar. */
public final class BuildInfo {
  private static final String VERSION = load();

  private BuildInfo() {}

  /** kubeharden's version, or "unknown" outside a build (an IDE run without filtered resources). */
  public static String version() {
    return VERSION;
  }

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/kubeharden/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "unknown");
  }
}
