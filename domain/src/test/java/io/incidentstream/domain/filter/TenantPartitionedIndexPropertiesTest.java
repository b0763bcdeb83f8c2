package io.incidentstream.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.TenantScope;
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

/**
 * After any sequence of scope changes and subscription writes, the partitioned index answers for an
 * event of any tenant exactly what a linear scan over the subscribers allowed that tenant answers,
 * with ids in subscription order.
 */
class TenantPartitionedIndexPropertiesTest {

  private static final List<String> TENANTS = List.of("acme", "beta", "gamma");

  sealed interface Op {}

  record Scope(String subscriber, TenantScope scope) implements Op {}

  record Put(String subscriber, String id, SubscriptionFilters filters) implements Op {}

  record Remove(String subscriber, String id) implements Op {}

  record RemoveAll(String subscriber) implements Op {}

  /** The reference: every subscriber's scope and subscriptions, in plain maps. */
  private static final class Model {
    final Map<String, TenantScope> scopes = new LinkedHashMap<>();
    final Map<String, Map<String, SubscriptionFilters>> subscriptions = new LinkedHashMap<>();

    Map<String, Map<String, SubscriptionFilters>> allowed(String tenant) {
      Map<String, Map<String, SubscriptionFilters>> result = new LinkedHashMap<>();
      subscriptions.forEach(
          (subscriber, own) -> {
            if (scopes.get(subscriber).allows(tenant)) {
              result.put(subscriber, own);
            }
          });
      return result;
    }

    int size() {
      return subscriptions.values().stream().mapToInt(Map::size).sum();
    }
  }

  @Property(tries = 1_000)
  void partitionedIndexShouldAgreeWithAScopedLinearScanAfterEveryWrite(
      @ForAll("opLists") List<Op> ops,
      @ForAll("taggedEvents") List<Tuple.Tuple2<String, IncidentEvent>> events) {
    TenantPartitionedIndex<String> index = new TenantPartitionedIndex<>();
    Model model = new Model();
    for (Op op : ops) {
      apply(op, index, model);
      assertThat(index.size()).isEqualTo(model.size());
      for (Tuple.Tuple2<String, IncidentEvent> tagged : events) {
        assertAgrees(index, model, tagged.get1(), tagged.get2());
      }
    }
  }

  private static void assertAgrees(
      TenantPartitionedIndex<String> index, Model model, String tenant, IncidentEvent event) {
    Map<String, List<String>> actual = TenantPartitionedIndexTest.matches(index, tenant, event);
    Map<String, Map<String, SubscriptionFilters>> allowed = model.allowed(tenant);
    assertThat(SubscriptionIndexTest.idSets(actual))
        .as("tenant %s, %s", tenant, event)
        .isEqualTo(SubscriptionIndexTest.linearScan(allowed, event));
    actual.forEach(
        (subscriber, ids) ->
            assertThat(ids)
                .as("ids of %s in subscription order", subscriber)
                .isEqualTo(
                    allowed.get(subscriber).keySet().stream().filter(ids::contains).toList()));
  }

  private static void apply(Op op, TenantPartitionedIndex<String> index, Model model) {
    if (op instanceof Scope scope) {
      index.scope(scope.subscriber(), scope.scope());
      model.scopes.put(scope.subscriber(), scope.scope());
    } else if (op instanceof Put put) {
      applyPut(put, index, model);
    } else if (op instanceof Remove remove) {
      Map<String, SubscriptionFilters> own = model.subscriptions.get(remove.subscriber());
      boolean existed = own != null && own.remove(remove.id()) != null;
      assertThat(index.remove(remove.subscriber(), remove.id())).isEqualTo(existed);
    } else if (op instanceof RemoveAll removeAll) {
      index.removeAll(removeAll.subscriber());
      model.scopes.remove(removeAll.subscriber());
      model.subscriptions.remove(removeAll.subscriber());
    }
  }

  private static void applyPut(Put put, TenantPartitionedIndex<String> index, Model model) {
    if (!model.scopes.containsKey(put.subscriber())) {
      assertThatIllegalStateException()
          .isThrownBy(() -> index.put(put.subscriber(), put.id(), put.filters()));
      return;
    }
    index.put(put.subscriber(), put.id(), put.filters());
    model
        .subscriptions
        .computeIfAbsent(put.subscriber(), k -> new LinkedHashMap<>())
        .put(put.id(), put.filters());
  }

  @Provide
  Arbitrary<List<Op>> opLists() {
    return ops().list().ofMinSize(5).ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, IncidentEvent>>> taggedEvents() {
    return Combinators.combine(Arbitraries.of(TENANTS), FilterArbitraries.events())
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  private static Arbitrary<TenantScope> scopes() {
    Arbitrary<TenantScope> some =
        Arbitraries.of(TENANTS).list().uniqueElements().ofMaxSize(3).map(TenantScope::of);
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(TenantScope.ALL)), Tuple.of(4, some));
  }

  private static Arbitrary<Op> ops() {
    Arbitrary<String> subscribers = Arbitraries.integers().between(1, 6).map(i -> "s" + i);
    Arbitrary<String> ids = Arbitraries.of("a", "b", "c");
    Arbitrary<Op> scope = Combinators.combine(subscribers, scopes()).as(Scope::new);
    Arbitrary<Op> put =
        Combinators.combine(subscribers, ids, FilterArbitraries.filters()).as(Put::new);
    Arbitrary<Op> remove = Combinators.combine(subscribers, ids).as(Remove::new);
    Arbitrary<Op> removeAll = subscribers.map(RemoveAll::new);
    return Arbitraries.frequencyOf(
        Tuple.of(3, scope), Tuple.of(8, put), Tuple.of(2, remove), Tuple.of(1, removeAll));
  }
}
