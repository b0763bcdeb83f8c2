package io.incidentstream.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.SubscriptionIndex.Match;
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
      List<Match<String>> actual = index.match(event);
      Statistics.label("matching subscribers").collect(Math.min(actual.size(), 3));
      assertThat(SubscriptionIndexTest.idSets(actual))
          .as("%s", event)
          .isEqualTo(SubscriptionIndexTest.linearScan(model, event));
      assertThat(idLists(actual))
          .as("ids in subscription order")
          .isEqualTo(inModelOrder(model, actual));
    }
    Statistics.label("matching subscribers")
        .coverage(
            coverage -> {
              coverage.check(0).percentage(p -> p >= 5.0);
              coverage.check(3).percentage(p -> p >= 5.0);
            });
  }

  private static Map<String, List<String>> idLists(List<Match<String>> matches) {
    return SubscriptionIndexTest.asMap(matches);
  }

  private static Map<String, List<String>> inModelOrder(
      Map<String, Map<String, SubscriptionFilters>> model, List<Match<String>> matches) {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (Match<String> match : matches) {
      List<String> ordered =
          model.get(match.subscriber()).keySet().stream()
              .filter(match.subscriptionIds()::contains)
              .toList();
      expected.put(match.subscriber(), ordered);
    }
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
    return ops().list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<IncidentEvent>> eventLists() {
    return FilterArbitraries.events().list().ofMinSize(1).ofMaxSize(15);
  }

  private static Arbitrary<Op> ops() {
    Arbitrary<String> subscribers = Arbitraries.of("s1", "s2", "s3", "s4");
    Arbitrary<String> ids = Arbitraries.of("a", "b", "c");
    Arbitrary<Op> put =
        Combinators.combine(subscribers, ids, FilterArbitraries.filters()).as(Put::new);
    Arbitrary<Op> remove = Combinators.combine(subscribers, ids).as(Remove::new);
    Arbitrary<Op> removeAll = subscribers.map(RemoveAll::new);
    return Arbitraries.frequencyOf(Tuple.of(8, put), Tuple.of(2, remove), Tuple.of(1, removeAll));
  }
}
