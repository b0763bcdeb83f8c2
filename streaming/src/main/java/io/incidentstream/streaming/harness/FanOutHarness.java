package io.incidentstream.streaming.harness;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.internal.FanOutDriver;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.internal.EmbeddedSessions;

/**
 * The production fan-out path without sockets, for benchmarks: the real fan-out engine (index
 * match, frame encoded once, per-recipient queueing), driven from the caller's thread, feeding real
 * {@code /ws} sessions (outbound queue, writer, the WebSocket frame encoder of a real upgrade) on
 * embedded channels. Not thread-safe: one thread makes every call.
 */
public final class FanOutHarness implements AutoCloseable {

  private final FanOutDriver engine;
  private final EmbeddedSessions sessions;

  public FanOutHarness(StreamConfiguration config, StreamMetrics metrics) {
    this.engine = new FanOutDriver(config, metrics);
    this.sessions = new EmbeddedSessions(config, engine.subscriptions(), metrics);
  }

  /**
   * Opens one session and subscribes it; its {@code welcome} and {@code subscribed} wait in its
   * queue until {@link #flush}.
   *
   * @return the session's index, for {@link #flush(int)}
   */
  public int openSubscribed(ClientMessage.Subscribe subscribe) {
    Recipient session = sessions.open();
    engine.subscribe(session, subscribe);
    return sessions.size() - 1;
  }

  /** Matches the event, encodes it once and queues it to every matching session. */
  public void dispatch(EventEnvelope envelope) {
    engine.dispatch(envelope);
  }

  /**
   * Runs every session's writer (what its event loop would do) and takes what it wrote off the
   * wire.
   *
   * @return the bytes written, WebSocket headers included
   */
  public long flush() {
    return sessions.flush();
  }

  /** Like {@link #flush()}, for the session opened {@code index}-th. */
  public long flush(int index) {
    return sessions.flush(index);
  }

  @Override
  public void close() {
    engine.close();
    sessions.close();
  }
}
