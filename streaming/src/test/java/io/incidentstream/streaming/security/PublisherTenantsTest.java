package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentstream.domain.model.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublisherTenantsTest {

  private static StreamPrincipal publisher(String... tenants) {
    return new StreamPrincipal(
        "bot", Set.of(Role.PUBLISHER), TenantScope.of(List.of(tenants)), Instant.MAX);
  }

  @Test
  void shouldUseTheNamedTenantWhenTheTokenListsIt() {
    assertThat(PublisherTenants.choose(publisher("acme", "beta"), "beta")).isEqualTo("beta");
    assertThat(PublisherTenants.choose(publisher("*"), "anything")).isEqualTo("anything");
  }

  @Test
  void shouldDefaultToTheOnlyTenantOrToDefaultForEveryTenant() {
    assertThat(PublisherTenants.choose(publisher("acme"), null)).isEqualTo("acme");
    assertThat(PublisherTenants.choose(publisher("*"), null)).isEqualTo("default");
  }

  @Test
  void shouldRefuseAForeignTenantNamingIt() {
    assertThatThrownBy(() -> PublisherTenants.choose(publisher("acme"), "beta"))
        .isInstanceOf(PublisherTenants.ForbiddenTenantException.class)
        .hasMessageContaining("tenant beta")
        .hasMessageContaining("[acme]");
  }

  @Test
  void shouldAskForATenantWhenTheTokenListsSeveral() {
    assertThatThrownBy(() -> PublisherTenants.choose(publisher("acme", "beta"), null))
        .isInstanceOf(PublisherTenants.AmbiguousTenantException.class)
        .hasMessageContaining("X-Tenant");
  }
}
