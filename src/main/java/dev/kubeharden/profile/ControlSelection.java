package dev.kubeharden.profile;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolution step 2: the controls and disables. A later layer's control replaces an earlier one of
 * the same id; disabled and out-of-range controls are set aside with their reasons.
 */
record ControlSelection(
    List<Control> active,
    List<ResolvedProfile.DisabledControl> disabled,
    List<ResolvedProfile.NotApplicable> notApplicable) {

  ControlSelection {
    active = List.copyOf(active);
    disabled = List.copyOf(disabled);
    notApplicable = List.copyOf(notApplicable);
  }

  static ControlSelection of(List<Profile> chain, ResolveRequest req, List<Problem> problems) {
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
                c, "applies to Kubernetes " + c.versions() + ", generating for " + req.version()));
        continue;
      }
      active.add(c);
    }
    return new ControlSelection(active, disabled, notApplicable);
  }
}
