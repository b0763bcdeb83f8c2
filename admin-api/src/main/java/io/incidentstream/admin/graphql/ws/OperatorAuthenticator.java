package io.incidentstream.admin.graphql.ws;

import io.incidentstream.domain.port.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Admits a {@code /graphql-ws} connection by the {@code Authorization: Bearer <token>} entry of its
 * {@code connection_init} payload: the token must pass the same validators as a token on any HTTP
 * request (micronaut-security's, which the stream configures) and carry the admin role. Never
 * blocks (a JWKS is fetched asynchronously). Thread-safe.
 */
@Singleton
public class OperatorAuthenticator {

  static final String ADMIN_ROLE = "admin";
  private static final String BEARER = "bearer ";

  private final List<TokenValidator<HttpRequest<?>>> validators;

  public OperatorAuthenticator(List<TokenValidator<HttpRequest<?>>> validators) {
    this.validators = List.copyOf(validators);
  }

  /** What the check decided: the caller, or why the connection is refused. */
  public sealed interface Decision {}

  /** An admin: the connection is acknowledged. */
  public record Admitted(Caller caller) implements Decision {}

  /** Refused, with the reason the close frame carries. */
  public record Refused(String reason) implements Decision {}

  /** Checks the {@code connection_init} payload. Completes normally, also on refusal. */
  public CompletionStage<Decision> admit(Map<String, Object> initPayload) {
    String token = bearerToken(initPayload);
    if (token == null) {
      return CompletableFuture.completedFuture(
          new Refused(
              "Forbidden: connection_init needs a payload {\"Authorization\": \"Bearer <token>\"}"));
    }
    return Flux.fromIterable(validators)
        .concatMap(validator -> Mono.from(validator.validateToken(token, null)))
        .next()
        .map(this::decide)
        .defaultIfEmpty(new Refused("Forbidden: invalid or expired token"))
        .onErrorResume(
            failure -> Mono.just(new Refused("Forbidden: the token could not be checked")))
        .toFuture();
  }

  private Decision decide(Authentication authentication) {
    if (!authentication.getRoles().contains(ADMIN_ROLE)) {
      return new Refused(
          "Forbidden: the token of " + authentication.getName() + " lacks the admin role");
    }
    Object caller = authentication.getAttributes().get(Caller.ATTRIBUTE);
    if (!(caller instanceof Caller admitted)) {
      return new Refused("Forbidden: the token names no tenants");
    }
    return new Admitted(admitted);
  }

  private static @Nullable String bearerToken(Map<String, Object> payload) {
    for (Map.Entry<String, Object> entry : payload.entrySet()) {
      if (!"authorization".equals(entry.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (!(entry.getValue() instanceof String value)) {
        return null;
      }
      if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return null;
      }
      String token = value.substring(BEARER.length()).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }
}
