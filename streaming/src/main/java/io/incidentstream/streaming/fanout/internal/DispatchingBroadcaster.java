package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.EncodedEvent;
import io.incidentstream.streaming.fanout.Broadcaster;
import jakarta.inject.Singleton;
import org.jspecify.annotations.Nullable;

/**
 * The bus's entry into fan-out: hands each event to the {@link FanOutEngine}'s dispatch thread, and
 * offers it to the consoles' live taps ({@link TapHub}, one volatile read when none is open). A
 * separate bean so a test may replace the {@link Broadcaster} without losing subscriptions.
 * Thread-safe, never blocks.
 */
@Singleton
final class DispatchingBroadcaster implements Broadcaster {

  private final FanOutEngine engine;
  private final TapHub taps;

  DispatchingBroadcaster(FanOutEngine engine, TapHub taps) {
    this.engine = engine;
    this.taps = taps;
  }

  @Override
  public void onEvent(EventEnvelope envelope) {
    onEvent(envelope, null);
  }

  @Override
  public void onEvent(EventEnvelope envelope, @Nullable EncodedEvent encoded) {
    engine.onEvent(envelope, encoded);
    taps.publish(envelope);
  }

  @Override
  public void onStreamRestart(long afterSeq) {
    engine.onStreamRestart(afterSeq);
  }
}
