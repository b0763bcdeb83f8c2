package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.InstanceFailure;
import io.incidentstream.domain.port.InstanceView;
import io.incidentstream.streaming.admin.AdminConfiguration;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.SecuritySettings;
import io.incidentstream.streaming.security.TokenMinter;
import io.incidentstream.streaming.security.internal.SigningSecret;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another instance for its part of a cluster-wide admin read or command, over HTTP at the
 * address it advertises in the membership ({@link PeerAdminController} answers). Each call
 * authenticates with a short-lived admin token this instance mints with the cluster's shared HS256
 * secret ({@code stream.security.jwt-secret}), names the caller ({@code instance:<id>}), and gives
 * up after {@code stream.admin.cluster-timeout}. A peer that fails or does not answer in time
 * yields an {@link InstanceFailure}. Never blocks: the JDK client's own threads do the I/O.
 * Thread-safe.
 */
@Singleton
final class PeerClient {

  private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);
  private static final Duration TOKEN_TTL = Duration.ofMinutes(2);
  private static final Duration TOKEN_RENEW_AFTER = Duration.ofMinutes(1);

  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration timeout;
  private final String subject;
  private final @Nullable TokenMinter minter;
  private volatile @Nullable Token token;

  PeerClient(
      ObjectMapper json,
      AdminConfiguration config,
      InstanceIdentity identity,
      SigningSecret secret,
      SecuritySettings security) {
    this.json = json;
    this.timeout = config.clusterTimeout();
    this.subject = "instance:" + identity.id();
    this.minter =
        secret
            .secret()
            .map(s -> new TokenMinter(s, security.issuer(), security.audience()))
            .orElse(null);
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The outcome of one peer call: its answer, or why there is none. */
  record Reply<T>(String instanceId, @Nullable T value, @Nullable InstanceFailure failure) {}

  <T> CompletableFuture<Reply<T>> get(InstanceView peer, String path, Argument<T> type) {
    return send(peer, HttpRequest.newBuilder(uri(peer, path)).GET(), type);
  }

  <T> CompletableFuture<Reply<T>> post(
      InstanceView peer, String path, Object body, Argument<T> type) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return send(
        peer,
        HttpRequest.newBuilder(uri(peer, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)),
        type);
  }

  private <T> CompletableFuture<Reply<T>> send(
      InstanceView peer, HttpRequest.Builder request, Argument<T> type) {
    String bearer = bearer();
    if (bearer == null) {
      return CompletableFuture.completedFuture(
          failed(
              peer,
              "cluster-wide admin calls need stream.security.jwt-secret (JWT_SECRET) shared by"
                  + " the instances"));
    }
    HttpRequest built =
        request.timeout(timeout).header("Authorization", "Bearer " + bearer).build();
    return http.sendAsync(built, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> read(peer, response, type))
        .exceptionally(e -> failed(peer, describe(e)));
  }

  private <T> Reply<T> read(InstanceView peer, HttpResponse<byte[]> response, Argument<T> type) {
    if (response.statusCode() != 200) {
      return failed(peer, "answered HTTP " + response.statusCode());
    }
    try {
      return new Reply<>(peer.id(), json.readValue(response.body(), type), null);
    } catch (IOException e) {
      return failed(peer, "unreadable answer: " + e.getMessage());
    }
  }

  private static <T> Reply<T> failed(InstanceView peer, String why) {
    LOG.warn("instance {} at {}: {}", peer.id(), peer.address(), why);
    return new Reply<>(peer.id(), null, new InstanceFailure(peer.id(), why));
  }

  private String describe(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  private static URI uri(InstanceView peer, String path) {
    return URI.create("http://" + peer.address() + path);
  }

  private @Nullable String bearer() {
    TokenMinter m = minter;
    if (m == null) {
      return null;
    }
    Token current = token;
    long now = System.nanoTime();
    if (current == null || now - current.mintedAt > TOKEN_RENEW_AFTER.toNanos()) {
      current = new Token(m.mint(subject, List.of(Role.ADMIN), List.of("*"), TOKEN_TTL), now);
      token = current;
    }
    return current.value;
  }

  private record Token(String value, long mintedAt) {}
}
