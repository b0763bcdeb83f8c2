package io.incidentstream.streaming.security;

import java.util.Locale;
import java.util.Optional;

/** The roles a token's {@code roles} claim may list. */
public enum Role {
  /** May stream on {@code /ws}. */
  VIEWER,
  /** May publish on {@code POST /api/v1/events}, to the tenants its token lists. */
  PUBLISHER,
  /** May do everything. */
  ADMIN;

  /**
   * The name in a token's {@code roles} claim: {@code viewer}, {@code publisher}, {@code admin}.
   */
  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role a claim value names; empty for any other string (unknown roles are ignored). */
  public static Optional<Role> fromClaim(String claim) {
    for (Role role : values()) {
      if (role.claim().equals(claim)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
