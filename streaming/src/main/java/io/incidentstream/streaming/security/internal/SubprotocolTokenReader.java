package io.incidentstream.streaming.security.internal;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.bearer.BearerTokenReader;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads the token a browser sends in the WebSocket subprotocol list, which is the only header its
 * WebSocket API lets it set: {@code Sec-WebSocket-Protocol: incident-stream.v1, bearer.<token>}.
 * The handshake answers {@code incident-stream.v1} only, never the token entry. Thread-safe.
 */
@Singleton
final class SubprotocolTokenReader implements TokenReader<HttpRequest<?>> {

  static final String HEADER = "Sec-WebSocket-Protocol";
  static final String PREFIX = "bearer.";

  @Override
  public Optional<String> findToken(HttpRequest<?> request) {
    for (String value : request.getHeaders().getAll(HEADER)) {
      for (String entry : value.split(",")) {
        String protocol = entry.trim();
        if (protocol.startsWith(PREFIX) && protocol.length() > PREFIX.length()) {
          return Optional.of(protocol.substring(PREFIX.length()));
        }
      }
    }
    return Optional.empty();
  }

  /** After {@code Authorization: Bearer}, which wins when a client sends both. */
  @Override
  public int getOrder() {
    return BearerTokenReader.ORDER + 10;
  }
}
