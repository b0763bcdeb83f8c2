package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Someone commented on an incident. */
public record CommentAdded(UUID incidentId, String author, String comment, Instant timestamp)
    implements IncidentEvent {

  public CommentAdded {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public EventType type() {
    return EventType.COMMENT_ADDED;
  }

  @Override
  public Priority priority() {
    return Priority.LOW;
  }

  @Override
  public UUID filterIncidentId() {
    return incidentId;
  }
}
