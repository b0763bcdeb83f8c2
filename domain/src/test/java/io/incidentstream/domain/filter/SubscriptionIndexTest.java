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

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.SubscriptionIndex.Match;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Examples and concurrency checks for {@link SubscriptionIndex}. */
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

  /** Subscriber to its matching ids, the shape both the index and the reference produce. */
  static <K> Map<K, List<String>> asMap(List<Match<K>> matches) {
    Map<K, List<String>> result = new LinkedHashMap<>();
    for (Match<K> match : matches) {
      assertThat(result).as("subscriber listed once").doesNotContainKey(match.subscriber());
      result.put(match.subscriber(), match.subscriptionIds());
    }
    return result;
  }

  @Test
  void shouldMatchNothingWhenEmpty() {
    assertThat(index.size()).isZero();
    assertThat(index.match(systemEvent())).isEmpty();
  }

  @Test
  void shouldListEachSubscriberOnceWithAllItsMatchingIdsInSubscriptionOrder() {
    index.put("alice", "b-all", SubscriptionFilters.NONE);
    index.put("bob", "comments", filters().eventTypes(EventType.COMMENT_ADDED).build());
    index.put("alice", "a-follow-x", filters().incidentIds(X).build());
    index.put("alice", "p0-only", filters().severities(Severity.P0).build());

    assertThat(asMap(index.match(comment(X))))
        .containsExactly(
            Map.entry("alice", List.of("b-all", "a-follow-x", "p0-only")),
            Map.entry("bob", List.of("comments")));
    assertThat(asMap(index.match(created(Y, Severity.P2))))
        .containsExactly(Map.entry("alice", List.of("b-all")));
  }

  @Test
  void shouldNotLeakOtherIncidentsEventsToAFollower() {
    index.put("alice", "follow-x", filters().incidentIds(X).build());

    assertThat(index.match(comment(X))).hasSize(1);
    assertThat(index.match(comment(Y))).isEmpty();
    assertThat(index.match(created(Y, Severity.P0))).isEmpty();
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

    assertThat(asMap(index.match(systemEvent()))).containsOnlyKeys("alice");
    assertThat(asMap(index.match(unlinked))).containsOnlyKeys("alice", "bob");
    assertThat(index.match(linkedToY)).isEmpty();
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

    assertThat(asMap(index.match(created(X, Severity.P0)))).containsOnlyKeys("alice");
    assertThat(index.match(created(X, Severity.P1))).isEmpty();
    assertThat(asMap(index.match(comment(X))))
        .as("comments carry no severity")
        .containsOnlyKeys("bob");
  }

  @Test
  void shouldReplaceASubscriptionWithTheSameIdKeepingItsPlace() {
    index.put("alice", "first", SubscriptionFilters.NONE);
    index.put("alice", "second", filters().incidentIds(X).build());

    index.put("alice", "first", filters().incidentIds(Y).build());

    assertThat(index.size()).isEqualTo(2);
    assertThat(asMap(index.match(comment(X))))
        .containsExactly(Map.entry("alice", List.of("second")));
    assertThat(asMap(index.match(comment(Y))))
        .containsExactly(Map.entry("alice", List.of("first")));
    assertThat(asMap(index.match(systemEvent())))
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
    assertThat(asMap(index.match(comment(X)))).containsExactly(Map.entry("alice", List.of("a")));
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
    assertThat(asMap(index.match(comment(X)))).containsOnlyKeys("bob");
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
    assertThatNullPointerException().isThrownBy(() -> index.match(null)).withMessage("event");
  }

  @Test
  void shouldKeepSeeingASubscriptionReplacedWithinTheSameBuckets() throws Exception {
    SubscriptionFilters viaSourceA =
        filters().eventTypes(EventType.COMMENT_ADDED).sources("a").build();
    SubscriptionFilters viaSourceB =
        filters().eventTypes(EventType.COMMENT_ADDED).sources("b").build();
    index.put("alice", "x", viaSourceA);
    AtomicBoolean done = new AtomicBoolean();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < 20_000; i++) {
                index.put("alice", "x", i % 2 == 0 ? viaSourceB : viaSourceA);
              }
              done.set(true);
            });
    Thread reader =
        new Thread(
            () -> {
              IncidentEvent event = comment(X);
              while (!done.get()) {
                List<Match<String>> matches = index.match(event);
                if (!matches.equals(List.of(new Match<>("alice", List.of("x"))))) {
                  failures.add(new AssertionError("saw " + matches));
                  return;
                }
              }
            });
    writer.start();
    reader.start();
    writer.join();
    reader.join();

    assertThat(failures).isEmpty();
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void shouldEndConsistentAfterConcurrentWritesWhileMatching() throws Exception {
    int writers = 4;
    List<IncidentEvent> probes = probeEvents();
    List<Map<String, Map<String, SubscriptionFilters>>> models = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Map<String, Map<String, SubscriptionFilters>> model = new LinkedHashMap<>();
      models.add(model);
      int seed = w;
      threads.add(new Thread(guarded(failures, () -> write(seed, model, start))));
    }
    Thread reader = new Thread(guarded(failures, () -> read(probes, start, writing)));
    threads.forEach(Thread::start);
    reader.start();
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    writing.set(false);
    reader.join();

    assertThat(failures).isEmpty();
    Map<String, Map<String, SubscriptionFilters>> all = new LinkedHashMap<>();
    models.forEach(all::putAll);
    assertThat(index.size()).isEqualTo(all.values().stream().mapToInt(Map::size).sum());
    for (IncidentEvent probe : probes) {
      assertThat(idSets(index.match(probe))).as("%s", probe).isEqualTo(linearScan(all, probe));
    }
  }

  private void write(
      int writer, Map<String, Map<String, SubscriptionFilters>> model, CountDownLatch start)
      throws InterruptedException {
    Random random = new Random(writer);
    List<SubscriptionFilters> choices = filterChoices();
    start.await();
    for (int i = 0; i < 5_000; i++) {
      String subscriber = "w" + writer + "-s" + random.nextInt(6);
      String id = "id" + random.nextInt(4);
      int op = random.nextInt(10);
      if (op < 6) {
        SubscriptionFilters filters = choices.get(random.nextInt(choices.size()));
        index.put(subscriber, id, filters);
        model.computeIfAbsent(subscriber, k -> new LinkedHashMap<>()).put(id, filters);
      } else if (op < 9) {
        index.remove(subscriber, id);
        Map<String, SubscriptionFilters> own = model.get(subscriber);
        if (own != null) {
          own.remove(id);
          if (own.isEmpty()) {
            model.remove(subscriber);
          }
        }
      } else {
        index.removeAll(subscriber);
        model.remove(subscriber);
      }
    }
  }

  private void read(List<IncidentEvent> probes, CountDownLatch start, AtomicBoolean writing)
      throws InterruptedException {
    start.await();
    for (int i = 0; writing.get(); i++) {
      List<Match<String>> matches = index.match(probes.get(i % probes.size()));
      asMap(matches);
      for (Match<String> match : matches) {
        assertThat(match.subscriptionIds()).isNotEmpty().doesNotHaveDuplicates();
      }
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Runnable guarded(List<Throwable> failures, Body body) {
    return () -> {
      try {
        body.run();
      } catch (Throwable t) {
        failures.add(t);
      }
    };
  }

  private static List<SubscriptionFilters> filterChoices() {
    return List.of(
        SubscriptionFilters.NONE,
        filters().incidentIds(X).build(),
        filters().incidentIds(X, Y).eventTypes(EventType.COMMENT_ADDED).build(),
        filters().eventTypes(EventType.COMMENT_ADDED, EventType.INCIDENT_CREATED).build(),
        filters()
            .eventTypes(EventType.INCIDENT_CREATED)
            .severities(Severity.P0, Severity.P1)
            .build(),
        filters().severities(Severity.P0).build(),
        filters().eventTypes(EventType.SYSTEM_EVENT).build());
  }

  private static List<IncidentEvent> probeEvents() {
    return List.of(
        comment(X),
        comment(Y),
        created(X, Severity.P0),
        created(Y, Severity.P2),
        systemEvent(),
        alertReceived(alert(Severity.P1, "datadog", List.of(), Map.of(), null)));
  }

  static <K> Map<K, Set<String>> idSets(List<Match<K>> matches) {
    return asMap(matches).entrySet().stream()
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
