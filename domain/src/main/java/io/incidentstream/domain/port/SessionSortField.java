package io.incidentstream.domain.port;

/**
 * What sessions can be sorted by. Each sorts by a number that does not move while the session does
 * nothing: {@link #IDLE} sorts by {@code lastActiveAt} (most idle first when descending), so a page
 * cursor stays valid while time passes.
 */
public enum SessionSortField {
  CONNECTED_AT,
  IDLE,
  QUEUE_DEPTH,
  EVENTS_DELIVERED,
  LAG;

  /**
   * The sort key of a session from its values; a lag not known yet ({@code -1}) sorts below every
   * known one.
   */
  public long key(
      long connectedAtMillis,
      long lastActiveAtMillis,
      int queueDepth,
      long eventsDelivered,
      long lagOrMinusOne) {
    return switch (this) {
      case CONNECTED_AT -> connectedAtMillis;
      case IDLE -> -lastActiveAtMillis;
      case QUEUE_DEPTH -> queueDepth;
      case EVENTS_DELIVERED -> eventsDelivered;
      case LAG -> lagOrMinusOne;
    };
  }
}
