package io.incidentstream.streaming.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.domain.protocol.FieldError;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The JSON bodies of {@code POST /api/v1/events}. Immutable. */
final class IngestResponses {

  private IngestResponses() {}

  /**
   * One accepted event: {@code {"message_id":"…","seq":N}}, plus {@code "duplicate":true} when its
   * producer {@code message_id} had already been sequenced (then {@code seq} is the original one).
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Accepted(
      @JsonProperty("message_id") UUID messageId, long seq, @Nullable Boolean duplicate) {

    static Accepted of(Receipt receipt) {
      return new Accepted(receipt.messageId(), receipt.seq(), receipt.duplicate() ? true : null);
    }
  }

  /**
   * {@code {"error":"CODE","message":"…","errors":[{"path":"…","message":"…"}]}}; {@code errors} is
   * always present, empty when there is no field-level reason, so clients need no null check.
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ErrorBody(String error, String message, List<Detail> errors) {

    ErrorBody {
      errors = List.copyOf(errors);
    }

    static ErrorBody of(String code, String message) {
      return new ErrorBody(code, message, List.of());
    }

    static ErrorBody invalidEvent(String message, List<FieldError> fieldErrors) {
      return new ErrorBody(
          INVALID_EVENT,
          message,
          fieldErrors.stream().map(e -> new Detail(e.path(), e.message())).toList());
    }
  }

  /** One rejected field, {@code path} as in {@code [1].incident.severity}. */
  @Serdeable
  record Detail(String path, String message) {}

  static final String INVALID_EVENT = "INVALID_EVENT";
  static final String INVALID_TENANT = "INVALID_TENANT";
  static final String FORBIDDEN = "FORBIDDEN";
  static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
  static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
  static final String UNAVAILABLE = "UNAVAILABLE";
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";
}
