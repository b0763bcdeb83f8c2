package io.incidentstream.domain.protocol;

/** The {@code code} of an {@code error} message (DESIGN section 5); spelled as the constant. */
public enum ErrorCode {
  INVALID_MESSAGE,
  UNSUPPORTED,
  NOT_FOUND,
  UNAUTHORIZED,
  FORBIDDEN,
  RATE_LIMITED,
  SUBSCRIPTION_LIMIT,
  MESSAGE_TOO_LARGE
}
