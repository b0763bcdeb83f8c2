package io.incidentstream.streaming.security.internal;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers an HTTP request micronaut-security refused: 401 with the RFC 6750 challenge and the
 * reason (no token, or why the token was refused), or 403 naming the role that was missing; both in
 * the API's JSON error shape. Logs the refusal (rate-limited per address). Thread-safe.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class AuthorizationErrorHandler
    implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

  private final AuthFailureLog failures;
  private final HttpClientAddressResolver addressResolver;

  AuthorizationErrorHandler(AuthFailureLog failures, HttpClientAddressResolver addressResolver) {
    this.failures = failures;
    this.addressResolver = addressResolver;
  }

  @Override
  public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
    HttpRequest<?> req = request;
    MutableHttpResponse<AuthErrors.Body> response =
        exception.isForbidden()
            ? AuthErrors.forbidden(
                StreamSecurityRule.forbiddenReason(
                    req,
                    StreamTokenValidator.principal(exception.getAuthentication()).orElse(null)))
            : AuthErrors.unauthorized(unauthorizedReason(req));
    String address = addressResolver.resolve(req);
    AuthErrors.Body body = response.body();
    failures.refused(
        address == null ? "unknown" : address,
        req.getMethod() + " " + req.getPath(),
        response.code(),
        body == null ? "" : body.message());
    return StreamSecurityRule.isGraphQl(req.getPath()) ? AuthErrors.asGraphQl(response) : response;
  }

  private static String unauthorizedReason(HttpRequest<?> request) {
    return StreamTokenValidator.rejection(request)
        .map(reason -> "invalid token: " + reason)
        .orElse("missing token: send Authorization: Bearer <token>");
  }
}
