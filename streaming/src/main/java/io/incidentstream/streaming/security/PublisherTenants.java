package io.incidentstream.streaming.security;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.streaming.StreamingException;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The tenant an ingest request publishes to: the one it names, when the publisher's token lists it;
 * else the token's only tenant, or {@code default} for a token of every tenant. Stateless.
 */
public final class PublisherTenants {

  private PublisherTenants() {}

  /**
   * @param requested the tenant the request names ({@code X-Tenant} or the body's {@code tenant}),
   *     or null
   * @throws ForbiddenTenantException if the token does not list {@code requested}
   * @throws AmbiguousTenantException if none is named and the token lists several
   */
  public static String choose(StreamPrincipal publisher, @Nullable String requested) {
    TenantScope scope = publisher.tenants();
    if (requested != null) {
      if (!scope.allows(requested)) {
        throw new ForbiddenTenantException(
            "tenant "
                + requested
                + " is not among the tenants of the token of "
                + publisher.subject()
                + " "
                + describe(scope));
      }
      return requested;
    }
    if (scope.all()) {
      return EventEnvelope.DEFAULT_TENANT;
    }
    if (scope.tenants().size() == 1) {
      return scope.tenants().iterator().next();
    }
    throw new AmbiguousTenantException(
        "name the tenant (X-Tenant, or \"tenant\" in the body): the token of "
            + publisher.subject()
            + " lists several "
            + describe(scope));
  }

  private static String describe(TenantScope scope) {
    return scope.tenants().isEmpty() ? "(none)" : new TreeSet<>(scope.tenants()).toString();
  }

  /** The named tenant is not one of the token's: HTTP 403. */
  public static final class ForbiddenTenantException extends StreamingException {
    private static final long serialVersionUID = 1L;

    ForbiddenTenantException(String message) {
      super(message);
    }
  }

  /** No tenant named and the token lists several: HTTP 400. */
  public static final class AmbiguousTenantException extends StreamingException {
    private static final long serialVersionUID = 1L;

    AmbiguousTenantException(String message) {
      super(message);
    }
  }
}
