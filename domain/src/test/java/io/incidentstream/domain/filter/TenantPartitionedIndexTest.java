package io.incidentstream.domain.filter;

import static io.incidentstream.domain.filter.TestEvents.filters;
import static io.incidentstream.domain.filter.TestEvents.incident;
import static io.incidentstream.domain.filter.TestEvents.incidentEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.sun.management.ThreadMXBean;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.TenantScope;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Examples for {@link TenantPartitionedIndex}. */
class TenantPartitionedIndexTest {

  private static final UUID X = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final SubscriptionFilters EVERYTHING = filters().build();
  private static final IncidentEvent P1 = created(Severity.P1, Map.of());

  private final TenantPartitionedIndex<String> index = new TenantPartitionedIndex<>();

  private static IncidentEvent created(Severity severity, Map<String, String> labels) {
    return incidentEvent(
        EventType.INCIDENT_CREATED,
        incident(X, severity, IncidentState.DETECTED, "prometheus", List.of("db"), labels));
  }

  private static TenantScope tenants(String... tenants) {
    return TenantScope.of(List.of(tenants));
  }

  /** Subscriber to its matching ids for an event of {@code tenant}, each subscriber once. */
  static <K> Map<K, List<String>> matches(
      TenantPartitionedIndex<K> index, String tenant, IncidentEvent event) {
    Map<K, List<String>> result = new LinkedHashMap<>();
    int count =
        index.match(
            tenant,
            event,
            (subscriber, ids) -> {
              assertThat(result).as("subscriber listed once").doesNotContainKey(subscriber);
              result.put(subscriber, List.copyOf(ids));
            });
    assertThat(count).as("reported subscribers").isEqualTo(result.size());
    return result;
  }

  private Map<String, List<String>> matches(String tenant, IncidentEvent event) {
    return matches(index, tenant, event);
  }

  @Test
  void shouldNeverReportASubscriberForAnEventOfAnotherTenant() {
    index.scope("alice", tenants("acme"));
    index.put("alice", "all", EVERYTHING);
    index.scope("bob", tenants("beta"));
    index.put("bob", "all", EVERYTHING);

    assertThat(matches("acme", P1)).containsOnlyKeys("alice");
    assertThat(matches("beta", P1)).containsOnlyKeys("bob");
    assertThat(matches("gamma", P1)).isEmpty();
  }

  @Test
  void shouldReportAnEveryTenantSubscriberForEveryTenantOnce() {
    index.scope("ops", TenantScope.ALL);
    index.put("ops", "all", EVERYTHING);
    index.put("ops", "p1", filters().severities(Severity.P1).build());
    index.scope("alice", tenants("acme"));
    index.put("alice", "all", EVERYTHING);

    assertThat(matches("acme", P1)).containsOnlyKeys("ops", "alice");
    assertThat(matches("acme", P1).get("ops")).containsExactly("all", "p1");
    assertThat(matches("never-seen", P1)).containsOnlyKeys("ops");
    assertThat(index.tenantPartitions()).isEqualTo(1);
  }

  @Test
  void shouldReportASubscriberOfSeveralTenantsOncePerEventWithAllItsIds() {
    index.scope("carol", tenants("acme", "beta"));
    index.put("carol", "first", EVERYTHING);
    index.put("carol", "second", filters().severities(Severity.P1).build());

    assertThat(matches("acme", P1)).containsExactly(Map.entry("carol", List.of("first", "second")));
    assertThat(matches("beta", P1)).containsExactly(Map.entry("carol", List.of("first", "second")));
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void shouldMatchNothingForASubscriberWithNoTenants() {
    index.scope("nobody", tenants());
    index.put("nobody", "all", EVERYTHING);

    assertThat(matches("default", P1)).isEmpty();
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void shouldRefuseASubscriptionWithoutAScope() {
    assertThatIllegalStateException()
        .isThrownBy(() -> index.put("stranger", "all", EVERYTHING))
        .withMessageContaining("no tenant scope");
    assertThat(index.size()).isZero();
  }

  @Test
  void shouldStopMatchingARemovedTenantAtOnceWhenTheScopeNarrows() {
    index.scope("carol", tenants("acme", "beta"));
    index.put("carol", "all", EVERYTHING);

    index.scope("carol", tenants("acme"));

    assertThat(matches("beta", P1)).isEmpty();
    assertThat(matches("acme", P1)).containsOnlyKeys("carol");
    assertThat(index.tenantPartitions()).as("beta's empty partition is gone").isEqualTo(1);
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void shouldNarrowFromEveryTenantToOne() {
    index.scope("ops", TenantScope.ALL);
    index.put("ops", "all", EVERYTHING);

    index.scope("ops", tenants("acme"));

    assertThat(matches("beta", P1)).isEmpty();
    assertThat(matches("acme", P1)).containsOnlyKeys("ops");
  }

  @Test
  void shouldWidenToEveryTenantWithoutReportingTwice() {
    index.scope("alice", tenants("acme"));
    index.put("alice", "all", EVERYTHING);

    index.scope("alice", TenantScope.ALL);

    assertThat(matches("acme", P1)).containsExactly(Map.entry("alice", List.of("all")));
    assertThat(matches("beta", P1)).containsOnlyKeys("alice");
    assertThat(index.tenantPartitions()).isZero();
  }

  @Test
  void shouldKeepTheOrderOfIdsAndTheFiltersWhenRefiled() {
    index.scope("carol", tenants("acme"));
    index.put("carol", "z", EVERYTHING);
    index.put("carol", "a", filters().severities(Severity.P1).build());
    index.put("carol", "m", filters().severities(Severity.P0).build());
    index.put("carol", "z", filters().labels(Map.of("team", "db")).build());

    index.scope("carol", tenants("beta"));

    assertThat(matches("beta", P1)).containsExactly(Map.entry("carol", List.of("a")));
    assertThat(matches("beta", created(Severity.P1, Map.of("team", "db"))))
        .containsExactly(Map.entry("carol", List.of("z", "a")));
    assertThat(matches("acme", P1)).isEmpty();
  }

  @Test
  void shouldKeepTheScopeAfterTheLastUnsubscribeAndForgetItOnRemoveAll() {
    index.scope("alice", tenants("acme"));
    index.put("alice", "all", EVERYTHING);

    assertThat(index.remove("alice", "all")).isTrue();
    assertThat(index.remove("alice", "all")).isFalse();
    assertThat(index.tenantPartitions()).isZero();
    index.put("alice", "again", EVERYTHING);
    assertThat(matches("acme", P1)).containsOnlyKeys("alice");

    index.removeAll("alice");

    assertThat(index.scopeOf("alice")).isNull();
    assertThat(index.size()).isZero();
    assertThat(index.tenantPartitions()).isZero();
    assertThat(matches("acme", P1)).isEmpty();
  }

  @Test
  void shouldLeaveOtherSubscribersOfAPartitionAloneWhenOneNarrows() {
    index.scope("alice", tenants("acme"));
    index.put("alice", "all", EVERYTHING);
    index.scope("carol", tenants("acme", "beta"));
    index.put("carol", "all", EVERYTHING);

    index.scope("carol", tenants("beta"));

    assertThat(matches("acme", P1)).containsOnlyKeys("alice");
    assertThat(matches("beta", P1)).containsOnlyKeys("carol");
    assertThat(index.scopeOf("carol")).isEqualTo(new TenantScope(false, Set.of("beta")));
  }

  @Test
  void shouldAllocateNothingPerMatch() {
    for (int t = 0; t < 10; t++) {
      for (int i = 0; i < 100; i++) {
        String subscriber = "t" + t + "s" + i;
        index.scope(subscriber, tenants("tenant-" + t));
        index.put(subscriber, "team", filters().labels(Map.of("team", "t" + i % 10)).build());
        index.put(subscriber, "p1", filters().severities(Severity.P1).build());
      }
    }
    index.scope("ops", TenantScope.ALL);
    index.put("ops", "all", EVERYTHING);
    IncidentEvent event = created(Severity.P1, Map.of("team", "t3"));
    int[] delivered = new int[1];
    MatchSink<String> count = (subscriber, ids) -> delivered[0] += ids.size();
    String tenant = "tenant-" + 3;
    index.match(tenant, event, count);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();

    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 1_000; i++) {
      index.match(tenant, event, count);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(delivered[0]).isEqualTo(1_001 * (10 + 100 + 1));
    assertThat(allocated).as("bytes allocated by 1,000 matches").isLessThan(1_000);
  }
}
