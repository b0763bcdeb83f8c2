package io.incidentstream.domain.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One entry of an incident's timeline: who did what, when. */
public record TimelineEvent(
    Instant timestamp, String action, String description, @Nullable String actor) {

  public TimelineEvent {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(description, "description");
  }
}
