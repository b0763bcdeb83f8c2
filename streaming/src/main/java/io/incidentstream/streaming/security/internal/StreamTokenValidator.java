package io.incidentstream.streaming.security.internal;

import io.incidentstream.domain.port.Caller;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.security.TokenRejectedException;
import io.incidentstream.streaming.security.TokenVerifier;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * micronaut-security's token validator for every HTTP request, the {@code /ws} upgrade included:
 * the {@link TokenVerifier}'s rules instead of the library's default validator (so HTTP and the
 * socket accept exactly the same tokens). A refused token leaves the request anonymous and records
 * the reason on the request for the 401 answer. Thread-safe.
 */
@Singleton
@Replaces(ReactiveJsonWebTokenValidator.class)
final class StreamTokenValidator
    implements ReactiveJsonWebTokenValidator<StreamPrincipal, HttpRequest<?>> {

  /** The {@link Authentication} attribute that holds the {@link StreamPrincipal}. */
  static final String PRINCIPAL = "stream.principal";

  /** Request attribute: why the presented token was refused. */
  static final String REJECTION = "stream.security.token-rejection";

  private final TokenVerifier verifier;

  StreamTokenValidator(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Publisher<StreamPrincipal> validate(String token, @Nullable HttpRequest<?> request) {
    return Mono.fromCompletionStage(() -> verifier.verify(token))
        .onErrorResume(
            TokenRejectedException.class,
            rejected -> {
              if (request != null) {
                request.setAttribute(REJECTION, rejected.getMessage());
              }
              return Mono.empty();
            });
  }

  @Override
  public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
    return Mono.from(validate(token, request)).map(StreamTokenValidator::authentication);
  }

  static Authentication authentication(StreamPrincipal principal) {
    return Authentication.build(
        principal.subject(),
        principal.roles().stream().map(Role::claim).toList(),
        Map.of(
            PRINCIPAL,
            principal,
            Caller.ATTRIBUTE,
            new Caller(principal.subject(), principal.tenants(), principal.expiresAt())));
  }

  /** The principal of an authenticated request, if any. */
  static Optional<StreamPrincipal> principal(@Nullable Authentication authentication) {
    if (authentication == null) {
      return Optional.empty();
    }
    Object principal = authentication.getAttributes().get(PRINCIPAL);
    return principal instanceof StreamPrincipal p ? Optional.of(p) : Optional.empty();
  }

  /** Why the token presented with {@code request} was refused, if one was. */
  static Optional<String> rejection(HttpRequest<?> request) {
    return request.getAttribute(REJECTION, String.class);
  }
}
