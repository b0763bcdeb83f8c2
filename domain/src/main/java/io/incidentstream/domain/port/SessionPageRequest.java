package io.incidentstream.domain.port;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of sessions: the first {@code first} sessions that {@code filter} selects, in {@code
 * sort} order, after {@code after} (null: from the start). Immutable.
 */
public record SessionPageRequest(
    SessionFilter filter, SessionSort sort, int first, @Nullable SessionCursor after) {

  /** Most sessions one page holds. */
  public static final int MAX_FIRST = 500;

  public SessionPageRequest {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(sort, "sort");
    if (first < 0 || first > MAX_FIRST) {
      throw new IllegalArgumentException(
          "first must be between 0 and " + MAX_FIRST + ", was " + first);
    }
  }
}
