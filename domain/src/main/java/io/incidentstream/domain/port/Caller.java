package io.incidentstream.domain.port;

import io.incidentstream.domain.model.TenantScope;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who calls the admin side, as the verified token says: what an operator action is audited under
 * and what bounds the events a caller may read. The HTTP security layer leaves it on the request's
 * authentication under {@link #ATTRIBUTE}; the GraphQL layer hands it to the data fetchers.
 * Immutable.
 *
 * @param subject the token's {@code sub}
 * @param tenants the tenants its {@code tenants} claim allows: nothing outside them is ever read
 * @param expiresAt the token's {@code exp}; null for a caller whose credential never expires
 */
public record Caller(String subject, TenantScope tenants, @Nullable Instant expiresAt) {

  /** The authentication attribute under which the security layer leaves the caller. */
  public static final String ATTRIBUTE = "stream.caller";

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenants, "tenants");
  }
}
