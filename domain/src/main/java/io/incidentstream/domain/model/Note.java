package io.incidentstream.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A free-text note attached to a resolution. */
public record Note(String author, String content, Instant createdAt) {

  public Note {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
