package io.incidentstream.streaming.security.internal;

import io.incidentstream.streaming.security.SecuritySettings;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.security.authentication.Authentication;
import org.jspecify.annotations.Nullable;

/**
 * Admits or refuses a {@code /ws} upgrade before it happens (no upgrade, no session on refusal):
 * 403 for a foreign {@code Origin}; 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}
 * and the reason for a missing or refused token; 403 for a token without the viewer or admin role.
 * Runs after micronaut-security's filter, which has read the token (header, subprotocol, or query
 * when enabled) and checked it with {@link StreamTokenValidator}; the admitted principal is left on
 * the request for the session. Stateless, thread-safe.
 */
@ServerFilter(HandshakeAuthFilter.PATH)
final class HandshakeAuthFilter implements Ordered {

  static final String PATH = "/ws";

  private final SecuritySettings settings;
  private final OriginPolicy origins;
  private final AuthFailureLog failures;
  private final HttpClientAddressResolver addressResolver;

  HandshakeAuthFilter(
      SecuritySettings settings,
      OriginPolicy origins,
      AuthFailureLog failures,
      HttpClientAddressResolver addressResolver) {
    this.settings = settings;
    this.origins = origins;
    this.failures = failures;
    this.addressResolver = addressResolver;
  }

  @RequestFilter
  public @Nullable HttpResponse<?> admit(HttpRequest<?> request) {
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (!origins.allows(origin, request.getHeaders().get(HttpHeaders.HOST))) {
      return refuse(
          request,
          AuthErrors.forbidden(
              "origin " + origin + " is not allowed (stream.security.allowed-origins)"));
    }
    Authentication authentication = request.getUserPrincipal(Authentication.class).orElse(null);
    StreamPrincipal principal = StreamTokenValidator.principal(authentication).orElse(null);
    if (principal == null) {
      String rejection = StreamTokenValidator.rejection(request).orElse(null);
      if (rejection != null) {
        return refuse(request, AuthErrors.unauthorized("invalid token: " + rejection));
      }
      if (!settings.anonymous()) {
        return refuse(request, AuthErrors.unauthorized(missingTokenReason(request)));
      }
      principal = StreamPrincipal.ANONYMOUS;
    }
    if (!principal.mayStream()) {
      return refuse(
          request,
          AuthErrors.forbidden(
              "token of " + principal.subject() + " lacks the viewer or admin role"));
    }
    request.setAttribute(StreamPrincipal.HANDSHAKE_ATTRIBUTE, principal);
    return null;
  }

  private String missingTokenReason(HttpRequest<?> request) {
    String reason =
        "missing token: send Authorization: Bearer <token>, or Sec-WebSocket-Protocol:"
            + " incident-stream.v1, bearer.<token>";
    if (request.getParameters().contains(QueryTokenReader.PARAMETER) && !settings.queryToken()) {
      return reason + " (the access_token query parameter is off: stream.security.query-token)";
    }
    return settings.queryToken() ? reason + ", or ?access_token=<token>" : reason;
  }

  private HttpResponse<?> refuse(
      HttpRequest<?> request, MutableHttpResponse<AuthErrors.Body> response) {
    String address = addressResolver.resolve(request);
    AuthErrors.Body body = response.body();
    failures.refused(
        address == null ? "unknown" : address,
        "/ws handshake",
        response.code(),
        body == null ? "" : body.message());
    return response;
  }

  /** After micronaut-security's filter, which reads and checks the token. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }
}
