package io.incidentstream.domain.port;

/**
 * What a {@code /ws} session is doing, computed when it is read (nothing is stored per session). In
 * order of precedence:
 *
 * <ul>
 *   <li>{@link #DISCONNECTING}: the server or the client started closing; the connection is still
 *       there;
 *   <li>{@link #IDLE}: neither a client frame (pongs aside) nor an event for at least the idle
 *       threshold ({@code stream.admin.idle-after});
 *   <li>{@link #ACTIVE}: subscribed, and an event went out within the idle threshold;
 *   <li>{@link #SUBSCRIBED}: subscribed, no event within the idle threshold;
 *   <li>{@link #CONNECTED}: no subscription (yet).
 * </ul>
 */
public enum SessionState {
  CONNECTED,
  SUBSCRIBED,
  ACTIVE,
  IDLE,
  DISCONNECTING
}
