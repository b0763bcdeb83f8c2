package io.incidentstream.streaming.history.internal;

import static io.incidentstream.streaming.support.TestEvents.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.history.EventHistory.Slice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryEventHistoryTest {

  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  private final MutableClock clock = new MutableClock(T0);

  @Test
  void shouldReportZeroLastSeqWhenEmpty() {
    InMemoryEventHistory history = history(3, Duration.ZERO);

    assertThat(history.lastSeq()).isZero();
    assertThat(history.range(0, 10)).isEqualTo(new Slice(true, List.of()));
  }

  @Test
  void shouldKeepExactlySizeEventsAtTheLimit() {
    InMemoryEventHistory history = history(3, Duration.ZERO);
    appendOld(history, 1, 3);

    assertThat(history.size()).isEqualTo(3);
    assertThat(seqs(history.range(0, 3))).containsExactly(1L, 2L, 3L);
    assertThat(history.range(0, 3).complete()).isTrue();
  }

  @Test
  void shouldEvictOldestPastTheLimitAndReportIncomplete() {
    InMemoryEventHistory history = history(3, Duration.ZERO);
    appendOld(history, 1, 4);

    assertThat(history.size()).isEqualTo(3);
    assertThat(history.oldestSeq()).isEqualTo(2);
    assertThat(history.range(0, 4).complete()).isFalse();
    assertThat(seqs(history.range(0, 4))).containsExactly(2L, 3L, 4L);
    assertThat(history.range(1, 4).complete()).isTrue();
    assertThat(seqs(history.range(1, 4))).containsExactly(2L, 3L, 4L);
  }

  @Test
  void shouldKeepYoungEventsPastTheSizeWithinRetention() {
    InMemoryEventHistory history = history(2, Duration.ofMinutes(10));
    for (long seq = 1; seq <= 5; seq++) {
      history.append(envelope(seq, T0));
    }

    assertThat(history.size()).isEqualTo(5);
    assertThat(history.range(0, 5).complete()).isTrue();
  }

  @Test
  void shouldEvictEventsOnceOlderThanRetention() {
    InMemoryEventHistory history = history(2, Duration.ofMinutes(10));
    for (long seq = 1; seq <= 4; seq++) {
      history.append(envelope(seq, T0));
    }
    clock.set(T0.plus(Duration.ofMinutes(11)));
    history.append(envelope(5, clock.instant()));

    assertThat(history.size()).isEqualTo(2);
    assertThat(seqs(history.range(3, 5))).containsExactly(4L, 5L);
    assertThat(history.range(3, 5).complete()).isTrue();
    assertThat(history.range(2, 5).complete()).isFalse();
  }

  @Test
  void shouldBoundYoungEventsAtTheHardCap() {
    InMemoryEventHistory history = history(2, Duration.ofDays(1));
    int cap = 2 * InMemoryEventHistory.HARD_CAP_FACTOR;
    for (long seq = 1; seq <= cap + 5; seq++) {
      history.append(envelope(seq, T0));
    }

    assertThat(history.size()).isEqualTo(cap);
    assertThat(history.oldestSeq()).isEqualTo(6);
  }

  @Test
  void shouldReturnTheHalfOpenWindowOldestFirst() {
    InMemoryEventHistory history = history(10, Duration.ZERO);
    appendOld(history, 1, 6);

    assertThat(seqs(history.range(2, 4))).containsExactly(3L, 4L);
    assertThat(seqs(history.range(5, 100))).containsExactly(6L);
    assertThat(seqs(history.range(6, 100))).isEmpty();
    assertThat(history.range(6, 100).complete()).isTrue();
    assertThat(seqs(history.range(4, 4))).isEmpty();
    assertThat(seqs(history.range(4, 2))).isEmpty();
  }

  @Test
  void shouldReadAtMostLimitEventsOldestFirstForCatchUp() {
    InMemoryEventHistory history = history(3, Duration.ZERO);
    appendOld(history, 1, 8);

    assertThat(seqs(history.range(5, 8, 2))).containsExactly(6L, 7L);
    assertThat(history.range(5, 8, 2).complete()).isTrue();
    assertThat(history.range(4, 8, 2).complete()).isFalse();
    assertThat(seqs(history.range(4, 8, 1))).containsExactly(6L);
  }

  @Test
  void shouldRejectSeqThatDoesNotIncrease() {
    InMemoryEventHistory history = history(10, Duration.ZERO);
    history.append(envelope(5, T0));

    assertThatThrownBy(() -> history.append(envelope(5, T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq must increase");
    assertThat(history.lastSeq()).isEqualTo(5);
  }

  @Test
  void shouldRejectNonPositiveSize() {
    assertThatThrownBy(() -> history(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history-size");
  }

  @Test
  void shouldGiveReadersConsistentSlicesWhileTheAppenderEvicts() throws Exception {
    InMemoryEventHistory history = history(50, Duration.ZERO);
    clock.set(T0.plus(Duration.ofDays(1)));
    int total = 20_000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                readUntil(history, total);
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    reader.start();
    for (long seq = 1; seq <= total; seq++) {
      history.append(envelope(seq, T0));
    }
    reader.join();

    assertThat(failure.get()).isNull();
  }

  private static void readUntil(InMemoryEventHistory history, long total) {
    while (history.lastSeq() < total) {
      long last = history.lastSeq();
      long after = Math.max(0, last - 40);
      Slice slice = history.range(after, last);
      List<Long> seqs = seqs(slice);
      for (int i = 1; i < seqs.size(); i++) {
        assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
      }
      if (slice.complete()) {
        assertThat(seqs).hasSize((int) (last - after));
        assertThat(seqs.isEmpty() || seqs.get(0) == after + 1).isTrue();
      }
    }
  }

  private InMemoryEventHistory history(int size, Duration retention) {
    return new InMemoryEventHistory(size, retention, clock);
  }

  private void appendOld(InMemoryEventHistory history, long from, long to) {
    clock.set(T0.plus(Duration.ofDays(1)));
    for (long seq = from; seq <= to; seq++) {
      history.append(envelope(seq, T0));
    }
  }

  private static List<Long> seqs(Slice slice) {
    return slice.events().stream().map(EventEnvelope::seq).toList();
  }

  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
