package io.incidentstream.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** How and when an incident was resolved. Immutable. */
public record Resolution(
    Instant resolvedAt,
    String resolvedBy,
    ResolutionMethod method,
    @Nullable String rootCause,
    String summary,
    List<Note> notes) {

  public Resolution {
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    Objects.requireNonNull(resolvedBy, "resolvedBy");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(summary, "summary");
    notes = List.copyOf(notes);
  }
}
