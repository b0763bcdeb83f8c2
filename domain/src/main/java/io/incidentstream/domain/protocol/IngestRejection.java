package io.incidentstream.domain.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why a message on the ingest channel was not published, as the cluster reports it back to
 * producers on the ingest-errors channel. Immutable.
 *
 * @param error the same codes as the HTTP ingest API: {@code INVALID_EVENT}, {@code
 *     INVALID_TENANT}, {@code PAYLOAD_TOO_LARGE}
 * @param errors field-level reasons, empty when there are none
 * @param instanceId the instance that rejected it
 * @param payloadBytes the message's size in UTF-8 bytes
 * @param payloadSha256 hex SHA-256 of the message, so a producer can tell which one it was
 * @param payloadExcerpt the message's first characters
 */
public record IngestRejection(
    String error,
    String message,
    List<FieldError> errors,
    String instanceId,
    Instant receivedAt,
    long payloadBytes,
    String payloadSha256,
    String payloadExcerpt) {

  /** Characters of the message that {@link #excerpt} keeps. */
  public static final int EXCERPT_LENGTH = 200;

  public IngestRejection {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
    errors = List.copyOf(errors);
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(payloadSha256, "payloadSha256");
    Objects.requireNonNull(payloadExcerpt, "payloadExcerpt");
  }

  /** The first {@value #EXCERPT_LENGTH} characters of a message, never ending inside a pair. */
  public static String excerpt(String payload) {
    Objects.requireNonNull(payload, "payload");
    int end = Math.min(payload.length(), EXCERPT_LENGTH);
    if (end > 0 && end < payload.length() && Character.isHighSurrogate(payload.charAt(end - 1))) {
      end--;
    }
    return payload.substring(0, end);
  }
}
