package io.incidentstream.client.internal;

import io.incidentstream.client.ClientListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link ReconnectingSession} is configured with; checked by the public builder.
 *
 * @param endpoints the URL of each connection attempt (a list's next entry, or a lookup)
 * @param tokens called before each connection attempt and before each refresh
 * @param refreshMargin how long before the token's {@code exp} to send {@code refresh}, at most
 *     (never earlier than three quarters into the remaining lifetime)
 * @param resumeSeq where the subscriptions made before the first connection start ({@code -1}:
 *     live)
 * @param resumeEpoch the epoch of {@code resumeSeq} (null: the stream's epoch at first connect)
 */
public record Settings(
    Supplier<URI> endpoints,
    Supplier<@Nullable String> tokens,
    Backoff backoff,
    int handOffCapacity,
    Duration connectTimeout,
    Duration refreshMargin,
    long resumeSeq,
    @Nullable String resumeEpoch,
    ClientListener listener,
    HttpClient http) {

  public Settings {
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(refreshMargin, "refreshMargin");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(http, "http");
  }
}
