package io.incidentstream.domain.protocol;

import java.util.Objects;

/**
 * Why one part of an input was rejected.
 *
 * @param path where, as a JSON path without the leading {@code $.}, e.g. {@code
 *     filters.severities[0]} or {@code [3].incident.id}; empty for the document itself
 * @param message what is wrong, naming the offending value where there is one
 */
public record FieldError(String path, String message) {

  public FieldError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public String describe() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
