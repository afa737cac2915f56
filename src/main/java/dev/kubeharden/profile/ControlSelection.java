package dev.kubeharden.profile;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.ExceptionUse;
import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolution step 2: the controls and exceptions. A later layer's control replaces an earlier one
 * of the same id; disabled and out-of-range controls are set aside with their reasons. Of several
 * exceptions for one control, the last layer's is in force and the earlier ones are shadowed; an
 * exception for a control outside the minor's range is unused. An expired exception is an error
 * wherever it is declared; one about to expire is a warning.
 */
record ControlSelection(
    List<Control> active,
    List<ResolvedProfile.DisabledControl> disabled,
    List<ResolvedProfile.NotApplicable> notApplicable,
    List<ExceptionUse> exceptions,
    List<String> warnings) {

  ControlSelection {
    active = List.copyOf(active);
    disabled = List.copyOf(disabled);
    notApplicable = List.copyOf(notApplicable);
    exceptions = List.copyOf(exceptions);
    warnings = List.copyOf(warnings);
  }

  static ControlSelection of(List<Profile> chain, ResolveRequest req, List<Problem> problems) {
    Map<String, Control> controls = new LinkedHashMap<>();
    for (Profile p : chain) {
      for (Control c : p.controls()) {
        controls.remove(c.id());
        controls.put(c.id(), c);
      }
    }
    List<Disable> disables = new ArrayList<>();
    chain.forEach(p -> disables.addAll(p.disabled()));
    disables.addAll(req.disables());
    Map<String, Integer> last = new HashMap<>();
    for (int i = 0; i < disables.size(); i++) {
      last.put(disables.get(i).controlId(), i);
    }
    ExpiryPolicy expiry = req.expiry();
    List<String> warnings = new ArrayList<>();
    List<ExceptionUse> uses = new ArrayList<>();
    List<ResolvedProfile.DisabledControl> disabled = new ArrayList<>();
    Set<String> off = new HashSet<>();
    for (int i = 0; i < disables.size(); i++) {
      Disable d = disables.get(i);
      if (expiry.enforced() && expiry.expired(d)) {
        problems.add(Problem.error(d.position(), expiry.expiredMessage(d)));
      } else if (expiry.expiresSoon(d)) {
        warnings.add(expiry.warning(d));
      }
      Control c = controls.get(d.controlId());
      if (c == null) {
        if (Profile.INVENTORY_LAYER.equals(d.profile())) {
          // an inventory's defaults reach clusters with other profiles: the fleet checks that some
          // pool has the control
          uses.add(new ExceptionUse(d, null, ExceptionUse.Use.NOT_DEFINED, null));
        } else {
          problems.add(
              Problem.error(
                  d.position(),
                  "disable: unknown control "
                      + d.controlId()
                      + Suggestions.hint(d.controlId(), controls.keySet())));
        }
        continue;
      }
      int winner = last.get(d.controlId());
      if (winner != i) {
        uses.add(new ExceptionUse(d, c, ExceptionUse.Use.SHADOWED, disables.get(winner)));
      } else if (!c.versions().contains(req.version())) {
        uses.add(new ExceptionUse(d, c, ExceptionUse.Use.NOT_APPLICABLE, null));
      } else {
        uses.add(new ExceptionUse(d, c, ExceptionUse.Use.IN_FORCE, null));
        off.add(c.id());
        disabled.add(new ResolvedProfile.DisabledControl(c, d));
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
    return new ControlSelection(active, disabled, notApplicable, uses, warnings);
  }
}
