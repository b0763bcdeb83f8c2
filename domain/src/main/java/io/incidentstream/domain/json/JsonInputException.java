package io.incidentstream.domain.json;

import io.incidentstream.domain.DomainException;

/**
 * Untrusted JSON input was rejected. Carries where ({@code path}, e.g. {@code
 * filters.severities[0]}, empty for the document) and why, so callers can report both.
 */
public final class JsonInputException extends DomainException {

  private final String path;
  private final String reason;

  public JsonInputException(String path, String reason) {
    super(path.isEmpty() ? reason : path + ": " + reason);
    this.path = path;
    this.reason = reason;
  }

  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
