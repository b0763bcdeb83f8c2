package io.incidentstream.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionOrderTest {

  @Test
  void shouldRoundTripACursor() {
    SessionCursor cursor = new SessionCursor(-1_733_000_000_123L, "a:b-c");

    assertThat(SessionCursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  @Test
  void shouldRefuseTextThatIsNotACursor() {
    assertThatThrownBy(() -> SessionCursor.decode("not a cursor!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionCursor.decode("eDp5")) // "x:y"
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldBreakTiesBySessionIdSoTheOrderIsTotal() {
    SessionSort sort = new SessionSort(SessionSortField.QUEUE_DEPTH, true);

    assertThat(sort.compare(5, "b", 5, "a")).isPositive();
    assertThat(sort.compare(7, "z", 5, "a")).isNegative();
  }

  /** Pages read with cursors cover every session once, even when sessions come and go between. */
  @Test
  void shouldPageWithoutSkipsOrRepeatsWhileEntriesComeAndGo() {
    SessionSort sort = new SessionSort(SessionSortField.CONNECTED_AT, false);
    List<long[]> sessions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sessions.add(new long[] {i / 2, i});
    }
    List<Long> seen = new ArrayList<>();
    SessionCursor after = null;
    for (int page = 0; page < 4; page++) {
      List<long[]> next = pageOf(sessions, sort, after, 3);
      next.forEach(s -> seen.add(s[1]));
      if (next.isEmpty()) {
        break;
      }
      long[] last = next.get(next.size() - 1);
      after = new SessionCursor(last[0], id(last));
      sessions.remove(0); // an already listed session goes away: later pages do not shift
    }
    assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  private static List<long[]> pageOf(
      List<long[]> sessions, SessionSort sort, SessionCursor after, int first) {
    return sessions.stream()
        .filter(s -> after == null || sort.isAfter(s[0], id(s), after))
        .sorted((a, b) -> sort.compare(a[0], id(a), b[0], id(b)))
        .limit(first)
        .toList();
  }

  private static String id(long[] session) {
    return "s" + session[1];
  }
}
