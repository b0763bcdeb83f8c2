package io.incidentstream.domain.filter;

import static io.incidentstream.domain.filter.TestEvents.alert;
import static io.incidentstream.domain.filter.TestEvents.alertReceived;
import static io.incidentstream.domain.filter.TestEvents.filters;
import static io.incidentstream.domain.filter.TestEvents.incident;
import static io.incidentstream.domain.filter.TestEvents.incidentEvent;
import static io.incidentstream.domain.filter.TestEvents.incidentIdOnly;
import static io.incidentstream.domain.filter.TestEvents.systemEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.sun.management.ThreadMXBean;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Examples for {@link SubscriptionIndex}. */
class SubscriptionIndexTest {

  private static final UUID X = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID Y = UUID.fromString("00000000-0000-0000-0000-00000000000b");

  private final SubscriptionIndex<String> index = new SubscriptionIndex<>();

  private static IncidentEvent created(UUID id, Severity severity) {
    return incidentEvent(
        EventType.INCIDENT_CREATED,
        incident(id, severity, IncidentState.DETECTED, "prometheus", List.of("db"), Map.of()));
  }

  private static IncidentEvent comment(UUID incidentId) {
    return incidentIdOnly(EventType.COMMENT_ADDED, incidentId);
  }

  private static IncidentEvent labelled(Map<String, String> labels) {
    return incidentEvent(
        EventType.INCIDENT_CREATED,
        incident(X, Severity.P2, IncidentState.DETECTED, "prometheus", List.of(), labels));
  }

  /**
   * Subscriber to its matching ids, as the index reports them (each subscriber once, ids copied out
   * of the reused list).
   */
  static <K> Map<K, List<String>> matches(SubscriptionIndex<K> index, IncidentEvent event) {
    Map<K, List<String>> result = new LinkedHashMap<>();
    int count =
        index.match(
            event,
            (subscriber, ids) -> {
              assertThat(result).as("subscriber listed once").doesNotContainKey(subscriber);
              assertThat(ids).as("ids of %s", subscriber).isNotEmpty().doesNotHaveDuplicates();
              result.put(subscriber, List.copyOf(ids));
            });
    assertThat(count).as("reported subscribers").isEqualTo(result.size());
    return result;
  }

  private Map<String, List<String>> matches(IncidentEvent event) {
    return matches(index, event);
  }

  @Test
  void shouldMatchNothingWhenEmpty() {
    assertThat(index.size()).isZero();
    assertThat(matches(systemEvent())).isEmpty();
  }

  @Test
  void shouldReportEachSubscriberOnceWithAllItsMatchingIdsInSubscriptionOrder() {
    index.put("alice", "b-all", SubscriptionFilters.NONE);
    index.put("bob", "comments", filters().eventTypes(EventType.COMMENT_ADDED).build());
    index.put("alice", "a-follow-x", filters().incidentIds(X).build());
    index.put("alice", "p0-only", filters().severities(Severity.P0).build());

    assertThat(matches(comment(X)))
        .isEqualTo(
            Map.of(
                "alice", List.of("b-all", "a-follow-x", "p0-only"),
                "bob", List.of("comments")));
    assertThat(matches(created(Y, Severity.P2)))
        .containsExactly(Map.entry("alice", List.of("b-all")));
  }

  @Test
  void shouldNotLeakOtherIncidentsEventsToAFollower() {
    index.put("alice", "follow-x", filters().incidentIds(X).build());

    assertThat(matches(comment(X))).hasSize(1);
    assertThat(matches(comment(Y))).isEmpty();
    assertThat(matches(created(Y, Severity.P0))).isEmpty();
  }

  @Test
  void shouldGiveEventsWithoutIncidentIdToIncidentFollowers() {
    index.put("alice", "follow-x", filters().incidentIds(X).build());
    index.put(
        "bob",
        "follow-x-alerts",
        filters().incidentIds(X).eventTypes(EventType.ALERT_RECEIVED).build());

    IncidentEvent unlinked =
        alertReceived(alert(Severity.P1, "datadog", List.of(), Map.of(), null));
    IncidentEvent linkedToY = alertReceived(alert(Severity.P1, "datadog", List.of(), Map.of(), Y));

    assertThat(matches(systemEvent())).containsOnlyKeys("alice");
    assertThat(matches(unlinked)).containsOnlyKeys("alice", "bob");
    assertThat(matches(linkedToY)).isEmpty();
  }

  @Test
  void shouldRefineByEventTypeAndSeverity() {
    index.put(
        "alice",
        "p0-created",
        filters().eventTypes(EventType.INCIDENT_CREATED).severities(Severity.P0).build());
    index.put(
        "bob",
        "p0-comments",
        filters().eventTypes(EventType.COMMENT_ADDED).severities(Severity.P0).build());

    assertThat(matches(created(X, Severity.P0))).containsOnlyKeys("alice");
    assertThat(matches(created(X, Severity.P1))).isEmpty();
    assertThat(matches(comment(X))).as("comments carry no severity").containsOnlyKeys("bob");
  }

  @Test
  void shouldReplaceASubscriptionWithTheSameIdKeepingItsPlace() {
    index.put("alice", "first", SubscriptionFilters.NONE);
    index.put("alice", "second", filters().incidentIds(X).build());

    index.put("alice", "first", filters().incidentIds(Y).build());

    assertThat(index.size()).isEqualTo(2);
    assertThat(matches(comment(X))).containsExactly(Map.entry("alice", List.of("second")));
    assertThat(matches(comment(Y))).containsExactly(Map.entry("alice", List.of("first")));
    assertThat(matches(systemEvent()))
        .containsExactly(Map.entry("alice", List.of("first", "second")));
  }

  @Test
  void shouldRemoveOneSubscription() {
    index.put("alice", "a", SubscriptionFilters.NONE);
    index.put("alice", "b", filters().incidentIds(X).build());

    assertThat(index.remove("alice", "b")).isTrue();
    assertThat(index.remove("alice", "b")).isFalse();
    assertThat(index.remove("nobody", "a")).isFalse();

    assertThat(index.size()).isEqualTo(1);
    assertThat(matches(comment(X))).containsExactly(Map.entry("alice", List.of("a")));
  }

  @Test
  void shouldRemoveEverySubscriptionOfOneSubscriber() {
    index.put("alice", "a", SubscriptionFilters.NONE);
    index.put("alice", "b", filters().incidentIds(X).build());
    index.put(
        "alice",
        "c",
        filters().eventTypes(EventType.COMMENT_ADDED).severities(Severity.P1).build());
    index.put("bob", "a", SubscriptionFilters.NONE);

    index.removeAll("alice");
    index.removeAll("nobody");

    assertThat(index.size()).isEqualTo(1);
    assertThat(matches(comment(X))).containsOnlyKeys("bob");
    assertThat(index.remove("alice", "a")).isFalse();
  }

  @Test
  void shouldRejectNullArguments() {
    assertThatNullPointerException()
        .isThrownBy(() -> index.put(null, "a", SubscriptionFilters.NONE))
        .withMessage("subscriber");
    assertThatNullPointerException()
        .isThrownBy(() -> index.put("alice", null, SubscriptionFilters.NONE))
        .withMessage("subscriptionId");
    assertThatNullPointerException()
        .isThrownBy(() -> index.put("alice", "a", null))
        .withMessage("filters");
    assertThatNullPointerException()
        .isThrownBy(() -> index.match(null, (subscriber, ids) -> {}))
        .withMessage("event");
    assertThatNullPointerException()
        .isThrownBy(() -> index.match(systemEvent(), null))
        .withMessage("sink");
  }

  @Test
  void shouldFindEveryRemainingSubscriptionOfABucketAfterRemovalsInAnyOrder() {
    SubscriptionFilters comments = filters().eventTypes(EventType.COMMENT_ADDED).build();
    for (int i = 0; i < 100; i++) {
      index.put("s" + i, "c", comments);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(7));
    Set<String> left = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      left.add("s" + i);
    }

    for (int i : order.subList(0, 70)) {
      assertThat(index.remove("s" + i, "c")).isTrue();
      left.remove("s" + i);
      assertThat(matches(index, comment(X)).keySet()).isEqualTo(left);
    }
    assertThat(index.size()).isEqualTo(30);
  }

  @Test
  void shouldFileALabelledSubscriptionUnderEachOfItsPairsCorrectly() {
    index.put("prod-watcher", "prod", filters().labels(Map.of("env", "prod")).build());
    index.put(
        "payments-prod",
        "pp",
        filters().labels(new TreeMap<>(Map.of("env", "prod", "team", "payments"))).build());
    index.put(
        "payments-staging",
        "ps",
        filters().labels(Map.of("team", "payments", "env", "staging")).build());

    assertThat(matches(index, labelled(Map.of("env", "prod", "team", "payments"))).keySet())
        .containsExactlyInAnyOrder("prod-watcher", "payments-prod");
    assertThat(matches(index, labelled(Map.of("env", "staging", "team", "payments"))).keySet())
        .containsExactly("payments-staging");
    assertThat(matches(index, labelled(Map.of("team", "payments"))).keySet()).isEmpty();
    assertThat(matches(index, comment(X)).keySet())
        .as("comments carry no labels: the key does not restrict them")
        .containsExactlyInAnyOrder("prod-watcher", "payments-prod", "payments-staging");
  }

  @Test
  void shouldHandSubscriptionsWithoutATypeToEventsByTheirSeverity() {
    index.put("alice", "p0", filters().severities(Severity.P0).build());
    index.put("bob", "p0-p1", filters().severities(Severity.P0, Severity.P1).build());

    assertThat(matches(index, created(X, Severity.P0)).keySet())
        .containsExactlyInAnyOrder("alice", "bob");
    assertThat(matches(index, created(X, Severity.P1)).keySet()).containsExactly("bob");
    assertThat(matches(index, created(X, Severity.P2))).isEmpty();
    assertThat(matches(index, comment(X)))
        .as("comments carry no severity: each subscriber once")
        .isEqualTo(Map.of("alice", List.of("p0"), "bob", List.of("p0-p1")));
  }

  @Test
  void shouldReturnTheMatcherItCompiled() {
    EventMatcher matcher = index.put("alice", "p0", filters().severities(Severity.P0).build());

    assertThat(matcher.matches(created(X, Severity.P0))).isTrue();
    assertThat(matcher.matches(created(X, Severity.P1))).isFalse();
  }

  @Test
  void shouldAllocateNothingPerMatch() {
    for (int i = 0; i < 1_000; i++) {
      index.put("s" + i, "follow", filters().incidentIds(i % 2 == 0 ? X : Y).build());
      index.put("s" + i, "team", filters().labels(Map.of("team", "t" + i % 10)).build());
      index.put("s" + i, "types", filters().eventTypes(EventType.INCIDENT_CREATED).build());
    }
    IncidentEvent event =
        incidentEvent(
            EventType.INCIDENT_CREATED,
            incident(
                X,
                Severity.P1,
                IncidentState.DETECTED,
                "prometheus",
                List.of(),
                Map.of("team", "t3")));
    int[] delivered = new int[1];
    MatchSink<String> count = (subscriber, ids) -> delivered[0] += ids.size();
    index.match(event, count);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();

    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 1_000; i++) {
      index.match(event, count);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(delivered[0]).isEqualTo(1_001 * (500 + 100 + 1_000));
    assertThat(allocated).as("bytes allocated by 1,000 matches").isLessThan(1_000);
  }

  static <K> Map<K, Set<String>> idSets(Map<K, List<String>> matches) {
    return matches.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> new HashSet<>(e.getValue())));
  }

  static <K> Map<K, Set<String>> linearScan(
      Map<K, Map<String, SubscriptionFilters>> subscriptions, IncidentEvent event) {
    Map<K, Set<String>> result = new LinkedHashMap<>();
    subscriptions.forEach(
        (subscriber, own) ->
            own.forEach(
                (id, filters) -> {
                  if (FilterCompiler.compile(filters).matches(event)) {
                    result.computeIfAbsent(subscriber, k -> new HashSet<>()).add(id);
                  }
                }));
    return result;
  }
}
