package io.incidentstream.streaming.support.cluster;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.EncodedEvent;
import io.incidentstream.streaming.fanout.Broadcaster;
import io.incidentstream.streaming.support.Gate;
import org.jspecify.annotations.Nullable;

/**
 * Wraps an instance's real {@link Broadcaster} with a gate the test closes and opens: while closed,
 * the bus's call to {@link #onEvent} waits, holding up every delivery on this instance, as an
 * instance that fell behind would. Open, it only passes events through. Thread-safe.
 */
public final class GatedBroadcaster implements Broadcaster {

  private final Broadcaster delegate;
  private final Gate gate = new Gate();

  GatedBroadcaster(Broadcaster delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onEvent(EventEnvelope envelope) {
    onEvent(envelope, null);
  }

  @Override
  public void onEvent(EventEnvelope envelope, @Nullable EncodedEvent encoded) {
    gate.pass();
    delegate.onEvent(envelope, encoded);
  }

  @Override
  public void onStreamRestart(long afterSeq) {
    delegate.onStreamRestart(afterSeq);
  }

  /** Makes the next {@link #onEvent} calls wait until {@link #open()}. */
  public void close() {
    gate.close();
  }

  public void open() {
    gate.open();
  }

  /** True while a delivery is held at the closed gate. */
  public boolean isWaiting() {
    return gate.isWaiting();
  }
}
