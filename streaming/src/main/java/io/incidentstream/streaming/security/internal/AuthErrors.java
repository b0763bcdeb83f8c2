package io.incidentstream.streaming.security.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * The 401 and 403 answers, on the handshake and on the HTTP API alike: the API's error shape {@code
 * {"error","message","errors"}} with the reason, and on 401 the RFC 6750 challenge.
 */
final class AuthErrors {

  static final String UNAUTHORIZED = "UNAUTHORIZED";
  static final String FORBIDDEN = "FORBIDDEN";

  private AuthErrors() {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Body(String error, String message, List<String> errors) {}

  /**
   * A refusal in the GraphQL-over-HTTP error shape, for {@code /graphql}: {@code {"errors":
   * [{"message", "extensions": {"code"}}]}} with code {@code UNAUTHENTICATED} (401) or {@code
   * FORBIDDEN} (403), so GraphQL clients read it like any other error.
   */
  @Serdeable
  record GraphQlBody(List<GraphQlError> errors) {}

  @Serdeable
  record GraphQlError(String message, Map<String, String> extensions) {}

  static MutableHttpResponse<GraphQlBody> asGraphQl(MutableHttpResponse<Body> refusal) {
    Body body = refusal.body();
    String code = refusal.code() == HttpStatus.FORBIDDEN.getCode() ? FORBIDDEN : "UNAUTHENTICATED";
    String message = body == null ? code : body.message();
    return refusal.body(new GraphQlBody(List.of(new GraphQlError(message, Map.of("code", code)))));
  }

  static MutableHttpResponse<Body> unauthorized(String reason) {
    return HttpResponse.<Body>status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, challenge(reason))
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new Body(UNAUTHORIZED, reason, List.of()));
  }

  static MutableHttpResponse<Body> forbidden(String reason) {
    return HttpResponse.<Body>status(HttpStatus.FORBIDDEN)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new Body(FORBIDDEN, reason, List.of()));
  }

  /**
   * {@code Bearer error="invalid_token", error_description="…"} (quotes and backslashes dropped).
   */
  static String challenge(String reason) {
    String description = reason.replace("\"", "'").replace("\\", "/");
    return "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
  }
}
