package io.incidentstream.client;

/** Where the client's connection stands; reported to {@link ClientListener#onStateChanged}. */
public enum ConnectionState {
  /** Opening a WebSocket (handshake under way, {@code welcome} not yet received). */
  CONNECTING,
  /** {@code welcome} received: subscriptions are (re)sent and events flow. */
  CONNECTED,
  /** The connection is gone; the client waits (backoff) before it connects again. */
  RECONNECTING,
  /** Stopped for good: {@link IncidentStreamClient#close()} or a refusal not worth retrying. */
  CLOSED
}
