package io.incidentstream.streaming.tracing;

/** The span of one event's fan-out on this instance; ended once, on the dispatch thread. */
@FunctionalInterface
public interface FanOutTrace {

  /** Tracing off: a shared constant. */
  FanOutTrace OFF = recipients -> {};

  /**
   * Ends the span when the event has been handed to every matching connection's event loop.
   *
   * @param recipients the connections it was handed to (the {@code recipients} attribute)
   */
  void end(int recipients);
}
