package io.incidentstream.streaming.security.internal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.bearer.BearerTokenReader;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads {@code ?access_token=} on {@code /ws}, only while {@code stream.security.query-token} is on
 * (off by default: URLs end up in proxy and access logs). Thread-safe.
 */
@Singleton
@Requires(property = "stream.security.query-token", value = "true")
final class QueryTokenReader implements TokenReader<HttpRequest<?>> {

  static final String PARAMETER = "access_token";

  @Override
  public Optional<String> findToken(HttpRequest<?> request) {
    if (!HandshakeAuthFilter.PATH.equals(request.getPath())) {
      return Optional.empty();
    }
    return request.getParameters().getFirst(PARAMETER).filter(token -> !token.isBlank());
  }

  /** Last: a header, when sent too, wins. */
  @Override
  public int getOrder() {
    return BearerTokenReader.ORDER + 20;
  }
}
