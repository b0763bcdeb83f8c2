package io.incidentstream.admin.graphql.ws;

import java.time.Duration;

/**
 * One {@code /graphql-ws} connection's socket, as its state machine sees it. Thread-safe: any
 * thread may send or close; messages sent from one thread go out in the order sent.
 */
public interface Socket {

  /**
   * Queues one text message. Past the socket's bound of unwritten messages the socket closes itself
   * with {@link CloseCodes#SLOW_CONSUMER} instead, and returns false; after a close, does nothing
   * and returns false.
   */
  boolean send(String text);

  /**
   * Sends a close frame with {@code code} and {@code reason}, then drops the connection (at once if
   * the frame cannot go out in time). Only the first close counts.
   */
  void close(int code, String reason);

  /** Runs {@code task} once, when the connection has closed, however it closed. */
  void whenClosed(Runnable task);

  /** Runs {@code task} after {@code delay}, unless the connection has closed by then. */
  void schedule(Duration delay, Runnable task);

  /** The client's address, for the logs. */
  String remoteAddress();
}
