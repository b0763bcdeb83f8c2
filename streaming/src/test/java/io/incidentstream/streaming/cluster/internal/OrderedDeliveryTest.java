package io.incidentstream.streaming.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.streaming.cluster.internal.ClusterMetrics.Drop;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Ordering, duplicates, gaps and epochs, without Redis: fetches are answered by the test. */
class OrderedDeliveryTest {

  private static final String E1 = "aaaaaaaaaaaaaaaa:0";
  private static final int FETCH_LIMIT = 3;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Recorder output = new Recorder();
  private final OrderedDelivery delivery =
      new OrderedDelivery(output, new ClusterMetrics(meters), 4, FETCH_LIMIT);

  @Test
  void shouldDeliverInOrderAndDropDuplicates() {
    delivery.start(E1, 0);

    delivery.onEnvelope(bus(E1, 1));
    delivery.onEnvelope(bus(E1, 2));
    delivery.onEnvelope(bus(E1, 2));
    delivery.onEnvelope(bus(E1, 1));

    assertThat(output.seqs()).containsExactly(1L, 2L);
    assertThat(dropped(Drop.DUPLICATE)).isEqualTo(2);
    assertThat(output.fetches).isEmpty();
  }

  @Test
  void shouldHoldLaterEventsWhileAGapIsFetched() {
    delivery.start(E1, 0);
    delivery.onEnvelope(bus(E1, 1));

    delivery.onEnvelope(bus(E1, 4));
    delivery.onEnvelope(bus(E1, 5));

    assertThat(output.seqs()).containsExactly(1L);
    assertThat(output.fetches).containsExactly(new Fetch(1, 1, 3));
    delivery.onFetched(1, 3, List.of(entry(E1, 2), entry(E1, 3)));
    assertThat(output.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(meters.counter(MetricNames.CLUSTER_BACKFILLED).count()).isEqualTo(2);
  }

  @Test
  void shouldDeliverTheNextLiveEventEvenWhileFetching() {
    delivery.start(E1, 0);
    delivery.onCounter(2, E1);
    assertThat(output.fetches).containsExactly(new Fetch(1, 0, 2));

    delivery.onEnvelope(bus(E1, 1));
    delivery.onFetched(1, 2, List.of(entry(E1, 1), entry(E1, 2)));

    assertThat(output.seqs()).containsExactly(1L, 2L);
    assertThat(dropped(Drop.DUPLICATE)).isZero();
  }

  @Test
  void shouldFetchWhenAHeartbeatShowsACounterAboveDelivery() {
    delivery.start(E1, 5);

    delivery.onCounter(5, E1);
    assertThat(output.fetches).isEmpty();
    delivery.onCounter(7, E1);

    assertThat(output.fetches).containsExactly(new Fetch(1, 5, 7));
  }

  @Test
  void shouldFetchInChunksUntilTheGapIsClosed() {
    delivery.start(E1, 0);
    delivery.onCounter(5, E1);

    delivery.onFetched(1, 5, List.of(entry(E1, 1), entry(E1, 2), entry(E1, 3)));
    assertThat(output.fetches).containsExactly(new Fetch(1, 0, 5), new Fetch(2, 3, 5));
    delivery.onFetched(2, 5, List.of(entry(E1, 4), entry(E1, 5)));

    assertThat(output.seqs()).isEqualTo(range(1, 5));
    assertThat(dropped(Drop.MISSING)).isZero();
  }

  @Test
  void shouldCountAndSkipSeqsTheHistoryNoLongerHolds() {
    delivery.start(E1, 0);
    delivery.onEnvelope(bus(E1, 6));

    delivery.onFetched(1, 5, List.of(entry(E1, 3)));

    assertThat(output.seqs()).containsExactly(3L, 6L);
    assertThat(dropped(Drop.MISSING)).isEqualTo(4);
  }

  @Test
  void shouldSkipAnUndecodableHistoryEntry() {
    delivery.start(E1, 0);
    delivery.onEnvelope(bus(E1, 3));

    delivery.onFetched(1, 2, List.of(new OrderedDelivery.Entry(1, null), entry(E1, 2)));

    assertThat(output.seqs()).containsExactly(2L, 3L);
    assertThat(dropped(Drop.INVALID)).isEqualTo(1);
  }

  @Test
  void shouldRetryAFailedFetchOnlyWhenAskedTo() {
    delivery.start(E1, 0);
    delivery.onEnvelope(bus(E1, 2));
    delivery.onFetchFailed(1);
    assertThat(output.fetches).hasSize(1);

    delivery.retry();

    assertThat(output.fetches).containsExactly(new Fetch(1, 0, 1), new Fetch(2, 0, 1));
  }

  @Test
  void shouldIgnoreAFetchFromBeforeAnEpochChange() {
    delivery.start(E1, 3);
    delivery.onCounter(5, E1);

    delivery.onEnvelope(bus("bbbbbbbbbbbbbbbb:3", 4));
    delivery.onFetched(1, 5, List.of(entry(E1, 4), entry(E1, 5)));

    assertThat(output.seqs()).containsExactly(4L);
  }

  @Test
  void shouldFetchBeyondTheBufferWhenItIsFull() {
    delivery.start(E1, 0);
    for (long seq = 3; seq <= 10; seq++) {
      delivery.onEnvelope(bus(E1, seq));
    }

    delivery.onFetched(1, 2, List.of(entry(E1, 1), entry(E1, 2)));
    assertThat(output.seqs()).isEqualTo(range(1, 6));
    assertThat(output.fetches.get(1)).isEqualTo(new Fetch(2, 6, 10));
    delivery.onFetched(2, 10, List.of(entry(E1, 7), entry(E1, 8), entry(E1, 9)));
    delivery.onFetched(3, 10, List.of(entry(E1, 10)));

    assertThat(output.seqs()).isEqualTo(range(1, 10));
  }

  @Test
  void shouldGoOnWhenANewEpochContinuesAboveDelivery() {
    delivery.start(E1, 10);

    delivery.onEnvelope(bus("bbbbbbbbbbbbbbbb:10", 11));

    assertThat(output.seqs()).containsExactly(11L);
    assertThat(output.restarts).isEmpty();
    assertThat(meters.counter(MetricNames.CLUSTER_EPOCH_CHANGES).count()).isEqualTo(1);
    assertThat(output.epochs).containsExactly("bbbbbbbbbbbbbbbb:10");
  }

  @Test
  void shouldNotReportTheSameEpochTwice() {
    delivery.start(E1, 10);

    delivery.onEnvelope(bus(E1, 11));
    delivery.onCounter(11, E1);

    assertThat(output.epochs).isEmpty();
  }

  @Test
  void shouldRestartWhenANewEpochGoesOnAboveDelivery() {
    delivery.start(E1, 10);

    // Seqs 11 and 12 were sequenced under the old epoch and never reached this instance.
    delivery.onEnvelope(bus("bbbbbbbbbbbbbbbb:12", 13));

    assertThat(output.restarts).containsExactly(12L);
    assertThat(output.fetches).isEmpty();
    assertThat(output.seqs()).containsExactly(13L);
  }

  @Test
  void shouldReportARegressionOnceWhenAHeartbeatShowsTheCounterBelowDelivery() {
    delivery.start(E1, 10);

    delivery.onCounter(7, E1);
    delivery.onCounter(8, E1);

    assertThat(output.regressions).isEqualTo(1);
    assertThat(output.fetches).isEmpty();
    assertThat(output.restarts).isEmpty();
    assertThat(delivery.lastDelivered()).isEqualTo(10);
  }

  @Test
  void shouldRestartWhenItsOwnFenceStartedAnEpochContinuingAfterDelivery() {
    delivery.start(E1, 10);

    delivery.fenced("bbbbbbbbbbbbbbbb:10");
    delivery.onEnvelope(bus("bbbbbbbbbbbbbbbb:10", 11));

    assertThat(output.epochs).containsExactly("bbbbbbbbbbbbbbbb:10");
    assertThat(output.restarts).containsExactly(10L);
    assertThat(output.seqs()).containsExactly(11L);
    assertThat(delivery.epoch()).isEqualTo("bbbbbbbbbbbbbbbb:10");
  }

  @Test
  void shouldRestartOnceWhenFencedIntoAnEpochThatFollowsAnotherBase() {
    delivery.start(E1, 10);

    delivery.fenced("bbbbbbbbbbbbbbbb:12");

    assertThat(output.restarts).containsExactly(12L);
    assertThat(delivery.lastDelivered()).isEqualTo(12);
  }

  @Test
  void shouldRestartWhenANewEpochNumbersBelowDelivery() {
    delivery.start(E1, 10);

    delivery.onEnvelope(bus("bbbbbbbbbbbbbbbb:2", 3));

    assertThat(output.restarts).containsExactly(2L);
    assertThat(output.seqs()).containsExactly(3L);
    assertThat(delivery.lastDelivered()).isEqualTo(3);
    assertThat(dropped(Drop.DUPLICATE)).isZero();
  }

  @Test
  void shouldRestartFromZeroForAnEpochOfForeignFormat() {
    delivery.start(E1, 10);

    delivery.onCounter(1, "someone-else");

    assertThat(output.restarts).containsExactly(0L);
    assertThat(output.fetches).containsExactly(new Fetch(2, 0, 1));
  }

  @Test
  void shouldAdoptTheFirstEpochWithoutCountingAChange() {
    delivery.start(null, 0);

    delivery.onEnvelope(bus(E1, 1));

    assertThat(output.seqs()).containsExactly(1L);
    assertThat(meters.counter(MetricNames.CLUSTER_EPOCH_CHANGES).count()).isZero();
  }

  @Test
  void shouldKeepItsPlaceWhenRedisReportsNoCounter() {
    delivery.start(E1, 10);

    delivery.onCounter(0, "");

    assertThat(output.fetches).isEmpty();
    assertThat(output.restarts).isEmpty();
    assertThat(delivery.lastDelivered()).isEqualTo(10);
  }

  private double dropped(Drop reason) {
    return meters.counter(MetricNames.CLUSTER_DROPPED, "reason", reason.tag()).count();
  }

  private static BusEnvelope bus(String epoch, long seq) {
    return new BusEnvelope(epoch, TestEvents.envelope(seq, Instant.EPOCH));
  }

  private static OrderedDelivery.Entry entry(String epoch, long seq) {
    return new OrderedDelivery.Entry(seq, bus(epoch, seq));
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private record Fetch(long generation, long afterSeq, long upToSeq) {}

  private static final class Recorder implements OrderedDelivery.Output {
    final List<EventEnvelope> delivered = new ArrayList<>();
    final List<Fetch> fetches = new ArrayList<>();
    final List<Long> restarts = new ArrayList<>();
    final List<String> epochs = new ArrayList<>();
    int regressions;
    final List<Long> redelivered = new ArrayList<>();

    @Override
    public void regressed() {
      regressions++;
    }

    @Override
    public void redelivered(BusEnvelope envelope) {
      redelivered.add(envelope.envelope().seq());
    }

    @Override
    public void epochChanged(String epoch) {
      epochs.add(epoch);
    }

    @Override
    public void deliver(BusEnvelope envelope) {
      delivered.add(envelope.envelope());
    }

    @Override
    public void fetch(long generation, long afterSeq, long upToSeq, int limit) {
      assertThat(limit).isEqualTo(FETCH_LIMIT);
      fetches.add(new Fetch(generation, afterSeq, upToSeq));
    }

    @Override
    public void restart(long afterSeq) {
      restarts.add(afterSeq);
    }

    List<Long> seqs() {
      return delivered.stream().map(EventEnvelope::seq).toList();
    }
  }
}
