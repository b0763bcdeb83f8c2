package io.incidentstream.streaming.harness;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.internal.FanOutDriver;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.LocalSessions;
import io.incidentstream.streaming.ws.internal.EmbeddedSessions;

/**
 * The production fan-out path without sockets, for benchmarks: the real fan-out engine (index
 * match, frame encoded once, per-recipient queueing), driven from the caller's thread, feeding real
 * {@code /ws} sessions (outbound queue, writer, the WebSocket frame encoder of a real upgrade) on
 * embedded channels. Not thread-safe: one thread makes every call, except {@link #page}, which a
 * second thread may call meanwhile (as the admin API reads sessions while they are written).
 */
public final class FanOutHarness implements AutoCloseable {

  private final FanOutDriver engine;
  private final EmbeddedSessions sessions;
  private final LocalSessions directory;
  private volatile long headSeq;

  public FanOutHarness(StreamConfiguration config, StreamMetrics metrics) {
    this.engine = new FanOutDriver(config, metrics);
    this.sessions = new EmbeddedSessions(config, engine.subscriptions(), metrics);
    this.directory = sessions.directory(() -> headSeq);
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
    headSeq = envelope.seq();
    engine.dispatch(envelope);
  }

  /**
   * One page of the sessions as the admin API reads it: the scan on the caller's thread (any
   * thread: it only reads the sessions), the page's subscriptions copied on fan-out's dispatch
   * thread.
   */
  public SessionPage page(SessionPageRequest request) {
    return directory.page(request).toCompletableFuture().join();
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
