package dev.kubeharden.profile;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Node;
import dev.kubeharden.yaml.NodeReader;
import java.util.List;

/** Reads a profile's {@code disable:} list: controls switched off, each with a reason. */
final class DisableReader {
  private DisableReader() {}

  static List<Disable> read(NodeReader r, Node node, String profileName) {
    return ExceptionReader.read(
        r, node, "disable", new ExceptionReader.Grammar("disable[]", profileName, false, false));
  }
}
