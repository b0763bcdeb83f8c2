package io.incidentstream.client;

/**
 * The client's own news: connection state, errors it survived, and its final stop. Every method has
 * an empty default. Called on the client's dispatch thread, in order with the events (so a state
 * change is seen between the events before and after it); must not block for long.
 */
public interface ClientListener {

  /**
   * The connection moved to {@code state}; {@code detail} says why in one line (e.g. {@code "closed
   * 1001 (server shutting down): reconnecting in 37 ms"}).
   */
  default void onStateChanged(ConnectionState state, String detail) {}

  /** Something went wrong that the client survived. */
  default void onError(ClientError error) {}

  /** The client stopped for good; called once, last. */
  default void onStopped(Stopped stopped) {}
}
