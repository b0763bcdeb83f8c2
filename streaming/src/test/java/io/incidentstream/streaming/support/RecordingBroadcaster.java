package io.incidentstream.streaming.support;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.EncodedEvent;
import io.incidentstream.streaming.fanout.Broadcaster;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Records every event it is given, then hands it to its delegate (none in unit tests; the real
 * fan-out when {@link TestBroadcaster} wraps the production bean); can be made to fail on some
 * events or to block until released. Thread-safe.
 */
public class RecordingBroadcaster implements Broadcaster {

  private static final Broadcaster NOWHERE =
      new Broadcaster() {
        @Override
        public void onEvent(EventEnvelope envelope) {}

        @Override
        public void onStreamRestart(long afterSeq) {}
      };

  private final List<EventEnvelope> received = new CopyOnWriteArrayList<>();
  private final List<Optional<EncodedEvent>> encodedEvents = new CopyOnWriteArrayList<>();
  private final List<Long> restarts = new CopyOnWriteArrayList<>();
  private final Gate gate = new Gate();
  private volatile Predicate<EventEnvelope> failWhen = e -> false;
  private volatile Broadcaster delegate = NOWHERE;

  /** Hands every event on to {@code next} after recording it. */
  void delegateTo(Broadcaster next) {
    delegate = next;
  }

  @Override
  public void onEvent(EventEnvelope envelope) {
    onEvent(envelope, null);
  }

  @Override
  public void onEvent(EventEnvelope envelope, @Nullable EncodedEvent encoded) {
    gate.pass();
    received.add(envelope);
    encodedEvents.add(Optional.ofNullable(encoded));
    delegate.onEvent(envelope, encoded);
    if (failWhen.test(envelope)) {
      throw new IllegalStateException("broadcaster failure injected for seq " + envelope.seq());
    }
  }

  @Override
  public void onStreamRestart(long afterSeq) {
    restarts.add(afterSeq);
    delegate.onStreamRestart(afterSeq);
  }

  /** The {@code afterSeq} of every {@link #onStreamRestart}, in order. */
  public List<Long> restarts() {
    return List.copyOf(restarts);
  }

  public List<EventEnvelope> received() {
    return List.copyOf(received);
  }

  /** The event JSON each {@link #received()} event came with, if it came with one. */
  public List<Optional<EncodedEvent>> encodedEvents() {
    return List.copyOf(encodedEvents);
  }

  public void failWhen(Predicate<EventEnvelope> condition) {
    failWhen = condition;
  }

  /** Makes the next {@link #onEvent} calls wait until {@link #open()}. */
  public void close() {
    gate.close();
  }

  public void open() {
    gate.open();
  }

  /** True while a call is held at the closed gate. */
  public boolean isWaiting() {
    return gate.isWaiting();
  }

  public void reset() {
    open();
    failWhen = e -> false;
    received.clear();
    encodedEvents.clear();
    restarts.clear();
  }
}
