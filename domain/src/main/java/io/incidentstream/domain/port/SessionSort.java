package io.incidentstream.domain.port;

import java.util.Comparator;
import java.util.Objects;

/**
 * The order of a session page: by {@code field}, then by session id (ascending), so that the order
 * is total and a cursor (sort key and id) names one position in it. Immutable.
 */
public record SessionSort(SessionSortField field, boolean descending) {

  /** The default order: the newest connections first. */
  public static final SessionSort DEFAULT = new SessionSort(SessionSortField.CONNECTED_AT, true);

  public SessionSort {
    Objects.requireNonNull(field, "field");
  }

  /** Negative when (keyA, idA) comes before (keyB, idB) in this order. */
  public int compare(long keyA, String idA, long keyB, String idB) {
    int byKey = descending ? Long.compare(keyB, keyA) : Long.compare(keyA, keyB);
    return byKey != 0 ? byKey : idA.compareTo(idB);
  }

  /** Whether a session with {@code key} and {@code id} comes after {@code cursor}. */
  public boolean isAfter(long key, String id, SessionCursor cursor) {
    return compare(key, id, cursor.key(), cursor.sessionId()) > 0;
  }

  /** The cursor of a session in this order. */
  public SessionCursor cursorOf(SessionFacts session) {
    return new SessionCursor(session.sortKey(field), session.id());
  }

  /** This order over views. */
  public Comparator<SessionView> comparator() {
    return (a, b) -> compare(a.sortKey(field), a.id(), b.sortKey(field), b.id());
  }
}
