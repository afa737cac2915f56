package dev.kubeharden.model;

import java.time.LocalDate;

/**
 * An exception: a control switched off by a profile ({@code disable:}, tailoring) or an inventory
 * ({@code exceptions:}), with the reason recorded in the report.
 *
 * @param profile the layer that declares it: a profile name, or {@link Profile#INVENTORY_LAYER}
 * @param position where it is declared (its {@code control} key or value)
 * @param owner who answers for it, or null
 * @param ticket the ticket or URL that tracks it, or null
 * @param expires the last day it holds, or null when it does not expire
 */
public record Disable(
    String controlId,
    String reason,
    String profile,
    Position position,
    String owner,
    String ticket,
    LocalDate expires) {

  public Disable(String controlId, String reason, String profile, Position position) {
    this(controlId, reason, profile, position, null, null, null);
  }

  /** "owner platform-team, ticket SEC-12", or "" when neither is given. */
  public String ownerAndTicket() {
    StringBuilder sb = new StringBuilder();
    if (owner != null) {
      sb.append("owner ").append(owner);
    }
    if (ticket != null) {
      sb.append(sb.length() == 0 ? "" : ", ").append("ticket ").append(ticket);
    }
    return sb.toString();
  }
}
