package io.incidentstream.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** The index answers exactly what a linear scan over compiled matchers would. */
class SubscriptionIndexPropertiesTest {

  /** One write to apply to the index and to the plain model. */
  sealed interface Op {}

  record Put(String subscriber, String id, SubscriptionFilters filters) implements Op {}

  record Remove(String subscriber, String id) implements Op {}

  record RemoveAll(String subscriber) implements Op {}

  @Property(tries = 3_000)
  void indexShouldAgreeWithLinearScan(
      @ForAll("opLists") List<Op> ops, @ForAll("eventLists") List<IncidentEvent> events) {
    SubscriptionIndex<String> index = new SubscriptionIndex<>();
    Map<String, Map<String, SubscriptionFilters>> model = new LinkedHashMap<>();
    ops.forEach(op -> apply(op, index, model));

    assertThat(index.size()).isEqualTo(model.values().stream().mapToInt(Map::size).sum());
    for (IncidentEvent event : events) {
      Map<String, List<String>> actual = SubscriptionIndexTest.matches(index, event);
      Statistics.label("matching subscribers").collect(Math.min(actual.size(), 3));
      assertAgrees(model, event, actual);
    }
    Statistics.label("matching subscribers")
        .coverage(
            coverage -> {
              coverage.check(0).percentage(p -> p >= 5.0);
              coverage.check(3).percentage(p -> p >= 5.0);
            });
  }

  /**
   * Buckets move entries around as others leave them: after every single write, with many
   * subscribers sharing buckets, the index still answers what a linear scan would.
   */
  @Property(tries = 500)
  void indexShouldAgreeWithLinearScanAfterEveryWrite(
      @ForAll("longOpLists") List<Op> ops, @ForAll("eventLists") List<IncidentEvent> events) {
    SubscriptionIndex<String> index = new SubscriptionIndex<>();
    Map<String, Map<String, SubscriptionFilters>> model = new LinkedHashMap<>();
    for (Op op : ops) {
      apply(op, index, model);
      assertThat(index.size()).isEqualTo(model.values().stream().mapToInt(Map::size).sum());
      for (IncidentEvent event : events) {
        assertAgrees(model, event, SubscriptionIndexTest.matches(index, event));
      }
    }
  }

  private static void assertAgrees(
      Map<String, Map<String, SubscriptionFilters>> model,
      IncidentEvent event,
      Map<String, List<String>> actual) {
    assertThat(SubscriptionIndexTest.idSets(actual))
        .as("%s", event)
        .isEqualTo(SubscriptionIndexTest.linearScan(model, event));
    assertThat(actual).as("ids in subscription order").isEqualTo(inModelOrder(model, actual));
  }

  private static Map<String, List<String>> inModelOrder(
      Map<String, Map<String, SubscriptionFilters>> model, Map<String, List<String>> matches) {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    matches.forEach(
        (subscriber, ids) ->
            expected.put(
                subscriber,
                model.get(subscriber).keySet().stream().filter(ids::contains).toList()));
    return expected;
  }

  private static void apply(
      Op op, SubscriptionIndex<String> index, Map<String, Map<String, SubscriptionFilters>> model) {
    if (op instanceof Put put) {
      index.put(put.subscriber(), put.id(), put.filters());
      model
          .computeIfAbsent(put.subscriber(), k -> new LinkedHashMap<>())
          .put(put.id(), put.filters());
    } else if (op instanceof Remove remove) {
      boolean existed =
          model.containsKey(remove.subscriber())
              && model.get(remove.subscriber()).remove(remove.id()) != null;
      assertThat(index.remove(remove.subscriber(), remove.id())).isEqualTo(existed);
      model.computeIfPresent(remove.subscriber(), (k, own) -> own.isEmpty() ? null : own);
    } else if (op instanceof RemoveAll removeAll) {
      index.removeAll(removeAll.subscriber());
      model.remove(removeAll.subscriber());
    }
  }

  @Provide
  Arbitrary<List<Op>> opLists() {
    return ops(4, 3).list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<Op>> longOpLists() {
    return ops(12, 4).list().ofMinSize(20).ofMaxSize(80);
  }

  @Provide
  Arbitrary<List<IncidentEvent>> eventLists() {
    return FilterArbitraries.events().list().ofMinSize(1).ofMaxSize(15);
  }

  private static Arbitrary<Op> ops(int subscriberCount, int idCount) {
    Arbitrary<String> subscribers =
        Arbitraries.integers().between(1, subscriberCount).map(i -> "s" + i);
    Arbitrary<String> ids =
        Arbitraries.of("a", "b", "c", "d").filter(id -> id.charAt(0) - 'a' < idCount);
    Arbitrary<Op> put =
        Combinators.combine(subscribers, ids, FilterArbitraries.filters()).as(Put::new);
    Arbitrary<Op> remove = Combinators.combine(subscribers, ids).as(Remove::new);
    Arbitrary<Op> removeAll = subscribers.map(RemoveAll::new);
    return Arbitraries.frequencyOf(Tuple.of(8, put), Tuple.of(2, remove), Tuple.of(1, removeAll));
  }
}
