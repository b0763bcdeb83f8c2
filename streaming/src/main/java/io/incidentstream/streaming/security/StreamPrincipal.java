package io.incidentstream.streaming.security;

import io.incidentstream.domain.model.TenantScope;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who holds a connection or made a request, as its verified token says. Immutable.
 *
 * @param subject the token's {@code sub}
 * @param roles the recognised roles of its {@code roles} claim
 * @param tenants the tenants its {@code tenants} claim allows
 * @param expiresAt the token's {@code exp}; null only for an anonymous session, which never expires
 */
public record StreamPrincipal(
    String subject, Set<Role> roles, TenantScope tenants, @Nullable Instant expiresAt) {

  /**
   * The request attribute under which the {@code /ws} handshake leaves the principal it admitted,
   * for the session that the upgrade opens.
   */
  public static final String HANDSHAKE_ATTRIBUTE = "stream.handshake.principal";

  /** The subject of a token-less session when {@code stream.security.anonymous} is on. */
  public static final String ANONYMOUS_SUBJECT = "anonymous";

  /** The tenant anonymous sessions stream. */
  public static final String ANONYMOUS_TENANT = "default";

  /** A token-less viewer of tenant {@code default} ({@code stream.security.anonymous}). */
  public static final StreamPrincipal ANONYMOUS =
      new StreamPrincipal(
          ANONYMOUS_SUBJECT, Set.of(Role.VIEWER), TenantScope.of(Set.of(ANONYMOUS_TENANT)), null);

  public StreamPrincipal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenants, "tenants");
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role) || roles.contains(Role.ADMIN);
  }

  /** Whether this principal may stream on {@code /ws}: role viewer or admin. */
  public boolean mayStream() {
    return has(Role.VIEWER);
  }

  public boolean isAnonymous() {
    return expiresAt == null;
  }
}
