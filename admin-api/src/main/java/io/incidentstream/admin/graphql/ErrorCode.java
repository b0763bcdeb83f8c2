package io.incidentstream.admin.graphql;

/** The {@code extensions.code} of every GraphQL error the admin API answers. */
public enum ErrorCode {
  /** No token, or a token that is invalid or expired (HTTP 401). */
  UNAUTHENTICATED,
  /** A valid token without the admin role (HTTP 403). */
  FORBIDDEN,
  /** The request is malformed, fails validation, breaks a limit, or an argument is out of range. */
  BAD_USER_INPUT,
  /** What the request names does not exist. */
  NOT_FOUND,
  /** An instance of the cluster did not answer in time; the rest of the answer stands. */
  UNAVAILABLE,
  /** A fault on the server; the log has the details under the same error id. */
  INTERNAL
}
