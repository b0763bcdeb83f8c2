package io.incidentstream.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads a JWT's {@code exp} claim, to refresh before it. It does not verify the token (the server
 * does): a token that is not a readable JWT, or has no numeric {@code exp}, just has no known
 * expiry. Stateless, thread-safe.
 */
public final class TokenExpiry {

  private static final JsonFactory JSON = new JsonFactory();

  private TokenExpiry() {}

  public static Optional<Instant> of(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      return exp(new String(payload, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | IOException notAJwt) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> exp(String json) throws IOException {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME;
          token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("exp".equals(name) && value.isNumeric()) {
          return Optional.of(Instant.ofEpochSecond(parser.getLongValue()));
        }
        parser.skipChildren();
      }
      return Optional.empty();
    }
  }
}
