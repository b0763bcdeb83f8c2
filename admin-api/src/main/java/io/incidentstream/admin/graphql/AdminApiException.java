package io.incidentstream.admin.graphql;

import java.util.Objects;

/** A request the admin API refuses or cannot serve, with the GraphQL error code to answer. */
public class AdminApiException extends RuntimeException {

  private final ErrorCode code;

  public AdminApiException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
