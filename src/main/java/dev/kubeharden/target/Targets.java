package dev.kubeharden.target;

import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets kubeharden emits for, and what a target cannot carry of a resolved profile. */
public final class Targets {
  /**
   * The classic bundle: node files, kubeadm carriers, standalone config, control-plane and cluster
   * files.
   */
  public static final String NODE = "node";

  private static final List<Target> ALL =
      List.of(
          new KubeadmTarget(),
          new ClusterApiTarget(),
          new Rke2Target(),
          new K3sTarget(),
          new TalosTarget(),
          new K0sTarget(),
          new KopsTarget(),
          new KubesprayTarget(),
          new EksTarget());

  private Targets() {}

  /** Every target but node, in the order "targets list" shows them. */
  public static List<Target> all() {
    return ALL;
  }

  /** The names --target accepts. */
  public static List<String> names() {
    List<String> out = new ArrayList<>(List.of(NODE));
    ALL.forEach(t -> out.add(t.name()));
    return out;
  }

  public static Optional<Target> find(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The files of one target for a resolved profile, given the node bundle's files. */
  public static Map<String, String> render(
      Target t, ResolvedProfile rp, Map<String, String> nodeBundle) {
    return t.render(rp, rp.hardening(), nodeBundle);
  }

  /**
   * The hardening settings {@code t} does not carry as a KubeletConfiguration field or its own
   * typed field: what it manages itself, what it cannot express, and what only a flag could carry.
   */
  public static List<Gap> gaps(Target t, ResolvedProfile rp) {
    List<Gap> out = new ArrayList<>();
    Map<String, ResolvedSetting> hardening = new LinkedHashMap<>(rp.hardening());
    hardening.forEach(
        (field, s) -> {
          Expressibility.Carrier c = t.carrier(field, hardening);
          if (c.kind() != Expressibility.Kind.CONFIG && c.kind() != Expressibility.Kind.FIELD) {
            out.add(new Gap(t.name(), field, s.controls(), c));
          }
        });
    return out;
  }
}
