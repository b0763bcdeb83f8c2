package io.incidentstream.domain.model;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The tenants a session or a token may see: every tenant ({@code "*"} in a token's {@code tenants}
 * claim), or a fixed set. Immutable.
 *
 * @param all whether every tenant is allowed ({@code tenants} is then empty)
 * @param tenants the allowed tenants when not {@code all}
 */
public record TenantScope(boolean all, Set<String> tenants) {

  /** The wildcard a {@code tenants} claim uses for "every tenant". */
  public static final String WILDCARD = "*";

  /** Every tenant. */
  public static final TenantScope ALL = new TenantScope(true, Set.of());

  public TenantScope {
    Objects.requireNonNull(tenants, "tenants");
    tenants = all ? Set.of() : Set.copyOf(tenants);
  }

  /** The scope a {@code tenants} claim names: {@link #ALL} when it holds {@code "*"}. */
  public static TenantScope of(Collection<String> tenants) {
    Objects.requireNonNull(tenants, "tenants");
    return tenants.contains(WILDCARD) ? ALL : new TenantScope(false, Set.copyOf(tenants));
  }

  /** Whether events of {@code tenant} are within this scope. */
  public boolean allows(String tenant) {
    return all || tenants.contains(tenant);
  }
}
