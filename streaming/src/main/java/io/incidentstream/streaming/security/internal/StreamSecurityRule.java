package io.incidentstream.streaming.security.internal;

import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Who may call what over HTTP (DESIGN section 7). Open: the {@code /ws} upgrade (its own filter
 * checks the token, to answer with the reason), {@code /health} with liveness and readiness, {@code
 * /prometheus}, the example pages under {@code /example/}, the JavaScript client under {@code
 * /client/}, the operator console's static files under {@code /console} (static code, no data),
 * GraphiQL's page when it is enabled, and the {@code /graphql-ws} upgrade (the endpoint checks the
 * admin token sent in {@code connection_init}). {@code POST /api/v1/events}: role publisher (or
 * admin). Everything else, the cluster API and {@code /graphql} included: role admin. Decides every
 * request, so no other rule is consulted. Stateless, thread-safe.
 */
@Singleton
final class StreamSecurityRule implements SecurityRule<HttpRequest<?>> {

  static final String INGEST_PATH = "/api/v1/events";

  /**
   * The graphql-transport-ws endpoint: its upgrade carries no token (browsers cannot set headers on
   * it); the endpoint checks the admin token of the {@code connection_init} message instead.
   */
  static final String GRAPHQL_WS_PATH = "/graphql-ws";

  /** The operator console's static files: no data, the page signs in over /graphql-ws. */
  static final String CONSOLE_PATH = "/console";

  @Override
  public Publisher<SecurityRuleResult> check(
      @Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
    if (request == null) {
      return Mono.just(SecurityRuleResult.UNKNOWN);
    }
    Optional<Role> required = requiredRole(request);
    if (required.isEmpty()) {
      return Mono.just(SecurityRuleResult.ALLOWED);
    }
    boolean allowed =
        StreamTokenValidator.principal(authentication)
            .map(principal -> principal.has(required.get()))
            .orElse(false);
    return Mono.just(allowed ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
  }

  /** The role a request needs (admin covers all); empty when it is open to anyone. */
  static Optional<Role> requiredRole(HttpRequest<?> request) {
    String path = request.getPath();
    if (isOpen(path)) {
      return Optional.empty();
    }
    if (INGEST_PATH.equals(path) && request.getMethod() == HttpMethod.POST) {
      return Optional.of(Role.PUBLISHER);
    }
    return Optional.of(Role.ADMIN);
  }

  /** The GraphQL admin API (micronaut-graphql's default path), answered in GraphQL's shape. */
  static final String GRAPHQL_PATH = "/graphql";

  /** GraphiQL's page (served only when enabled): static, it holds no data and sends no token. */
  static final String GRAPHIQL_PATH = "/graphiql";

  static boolean isGraphQl(String path) {
    return path.equals(GRAPHQL_PATH);
  }

  private static boolean isOpen(String path) {
    return path.equals(HandshakeAuthFilter.PATH)
        || path.equals(GRAPHIQL_PATH)
        || path.equals("/health")
        || path.startsWith("/health/")
        || path.equals("/prometheus")
        || path.startsWith("/example/")
        || path.startsWith("/client/")
        || path.equals(GRAPHQL_WS_PATH)
        || path.equals(CONSOLE_PATH)
        || path.startsWith(CONSOLE_PATH + "/");
  }

  /** First: this rule decides every request. */
  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE;
  }

  /** Says what a refused principal lacked, for the 403 body. */
  static String forbiddenReason(HttpRequest<?> request, @Nullable StreamPrincipal principal) {
    Role role = requiredRole(request).orElse(Role.ADMIN);
    return (principal == null ? "this token" : "the token of " + principal.subject())
        + " lacks the "
        + role.claim()
        + " role, which "
        + request.getMethod()
        + " "
        + request.getPath()
        + " requires";
  }
}
