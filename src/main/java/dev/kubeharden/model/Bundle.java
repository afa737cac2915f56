package dev.kubeharden.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generated files by relative path ('/'-separated), in path order. Contents are UTF-8 text ending
 * in a newline.
 */
public record Bundle(Map<String, String> files) {
  public Bundle {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
  }
}
