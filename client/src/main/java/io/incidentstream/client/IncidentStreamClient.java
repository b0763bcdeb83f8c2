package io.incidentstream.client;

import io.incidentstream.client.internal.Backoff;
import io.incidentstream.client.internal.Position;
import io.incidentstream.client.internal.ReconnectingSession;
import io.incidentstream.client.internal.Settings;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.protocol.ClientMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A client of the {@code /ws} stream that stays connected: it reconnects with exponential backoff
 * and full jitter, resumes every subscription with {@code since} and {@code epoch}, and hands each
 * subscription's events to its listener in {@code seq} order, each once, across reconnects and
 * fail-overs between instances. It sends the token on the handshake ({@code Authorization:
 * Bearer}), refreshes it before its {@code exp}, answers pings, and treats a connection that has
 * been silent for two heartbeat intervals as dead.
 *
 * <pre>{@code
 * IncidentStreamClient client = IncidentStreamClient.builder()
 *     .url("ws://localhost:8080/ws")
 *     .tokenSupplier(tokens::current)
 *     .build();
 * client.subscribe("p0", Filters.builder().severities(Severity.P0).build(), event -> show(event));
 * client.connect();
 * ...
 * client.close();
 * }</pre>
 *
 * <p>Thread-safe. Listeners run on one dispatch thread per client, one call at a time; see {@link
 * Builder#handOffCapacity} for what happens when they cannot keep up.
 */
public final class IncidentStreamClient implements AutoCloseable {

  /** Each call draws from the calling thread's own generator. */
  private static final RandomGenerator JITTER = () -> ThreadLocalRandom.current().nextLong();

  private final ReconnectingSession session;

  private IncidentStreamClient(Settings settings) {
    this.session = new ReconnectingSession(settings);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts connecting (in the background); does nothing if already started. */
  public IncidentStreamClient connect() {
    session.start();
    return this;
  }

  /**
   * Subscribes (or replaces the subscription with the same id). Before the first connection, and on
   * every reconnect, it is sent with the client's position ({@code since}, {@code epoch}); while
   * connected, a new subscription starts with the live stream.
   *
   * @param id 1 to 128 characters, unique within this client
   * @throws IllegalStateException if the client is closed
   */
  public void subscribe(String id, SubscriptionFilters filters, SubscriptionListener listener) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(filters, "filters");
    Objects.requireNonNull(listener, "listener");
    if (id.isEmpty() || id.length() > ClientMessage.MAX_SUBSCRIPTION_ID_LENGTH) {
      throw new IllegalArgumentException(
          "id must be 1 to "
              + ClientMessage.MAX_SUBSCRIPTION_ID_LENGTH
              + " characters, was "
              + id.length());
    }
    session.subscribe(id, filters, listener);
  }

  /**
   * Ends a subscription; its listener gets no more events, even those already queued.
   *
   * @throws IllegalStateException if the client is closed
   */
  public void unsubscribe(String id) {
    session.unsubscribe(Objects.requireNonNull(id, "id"));
  }

  public ConnectionState state() {
    return session.state();
  }

  /**
   * Completes when the client has stopped for good (after the last listener call): {@link
   * #close()}, or a refusal it does not retry (401 or 403 without a new token, close 1008, close
   * 4001 without a new token).
   */
  public CompletableFuture<Stopped> stopped() {
    return session.stopped();
  }

  /**
   * Stops: no more reconnects, the connection is closed (1000), events not yet handed to a listener
   * are discarded, and {@link ClientListener#onStopped} is called. Does not block; safe to call
   * from a listener.
   */
  @Override
  public void close() {
    session.close();
  }

  /** Options of a client. Not thread-safe. */
  public static final class Builder {

    private @Nullable Supplier<URI> endpoints;
    private @Nullable Supplier<@Nullable String> tokens;
    private Duration minBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private double backoffFactor = 2.0;
    private int handOffCapacity = 10_000;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration refreshMargin = Duration.ofSeconds(30);
    private long resumeSeq = Position.NONE;
    private @Nullable String resumeEpoch;
    private ClientListener listener = new ClientListener() {};
    private @Nullable HttpClient http;

    private Builder() {}

    /** The one server to connect to, e.g. {@code ws://localhost:8080/ws}. */
    public Builder url(String url) {
      return url(URI.create(Objects.requireNonNull(url, "url")));
    }

    public Builder url(URI url) {
      return urls(List.of(Objects.requireNonNull(url, "url")));
    }

    /**
     * Several instances of one cluster: the first connection goes to the first, and every new
     * connection attempt after a failure or a close goes to the next, round-robin. A client whose
     * instance stops or dies thus resumes on another one.
     */
    public Builder urls(List<URI> urls) {
      Objects.requireNonNull(urls, "urls");
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("urls must not be empty");
      }
      List<URI> checked = urls.stream().map(Builder::checkedUrl).toList();
      AtomicInteger next = new AtomicInteger();
      this.endpoints = () -> checked.get(Math.floorMod(next.getAndIncrement(), checked.size()));
      return this;
    }

    /**
     * Where each connection attempt goes, asked once per attempt (e.g. a service-discovery lookup).
     * Must return a {@code ws://} or {@code wss://} URI.
     */
    public Builder endpoints(Supplier<URI> endpoints) {
      Supplier<URI> supplier = Objects.requireNonNull(endpoints, "endpoints");
      this.endpoints = () -> checkedUrl(supplier.get());
      return this;
    }

    /** A fixed token; it cannot be refreshed, so the session ends at its {@code exp} (4001). */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      return tokenSupplier(() -> token);
    }

    /**
     * Gives the token for each connection attempt, and again before the current one expires: when
     * it returns a different token then, the client sends {@code refresh} with it. Called on the
     * client's own thread; it may block briefly (e.g. to ask an identity provider). Returning null
     * or throwing counts as "no token now": the client retries with backoff.
     */
    public Builder tokenSupplier(Supplier<@Nullable String> tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * Reconnect backoff: attempt n waits a random time in [0, min(max, min * factor^n)] (full
     * jitter); a reconnect the server asked for (1001, 1012) waits in [0, min]. Defaults 250 ms, 30
     * s, 2.
     */
    public Builder backoff(Duration min, Duration max, double factor) {
      new Backoff(min, max, factor, JITTER);
      this.minBackoff = min;
      this.maxBackoff = max;
      this.backoffFactor = factor;
      return this;
    }

    /**
     * Most events queued for the listeners (default 10,000). When the listeners fall that far
     * behind, the client reports {@link ClientError.Kind#SLOW_LISTENER}, closes the connection,
     * waits until they have worked through half of the queue, and reconnects, resuming after the
     * last event it queued. The server replays the missed events at the pace the client reads, so
     * nothing is lost (unless its history no longer reaches back: then {@link
     * SubscriptionListener#onNotRecovered}).
     */
    public Builder handOffCapacity(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("handOffCapacity must be >= 1, was " + events);
      }
      this.handOffCapacity = events;
      return this;
    }

    /** Most time for the handshake, and again for {@code welcome} (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long before the token's {@code exp} the client asks the token supplier for a new token
     * and sends {@code refresh} (default 30 s; for short-lived tokens, at most a quarter of the
     * remaining lifetime).
     */
    public Builder refreshMargin(Duration margin) {
      this.refreshMargin = positive(margin, "refreshMargin");
      return this;
    }

    /**
     * Starts the subscriptions made before the first connection after {@code seq} (a position saved
     * earlier) instead of with the live stream.
     *
     * @param epoch the epoch {@code seq} belongs to; null: the stream's current epoch
     */
    public Builder resumeFrom(long seq, @Nullable String epoch) {
      if (seq < 0) {
        throw new IllegalArgumentException("seq must be >= 0, was " + seq);
      }
      this.resumeSeq = seq;
      this.resumeEpoch = epoch;
      return this;
    }

    public Builder listener(ClientListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The HTTP client to open WebSockets with (default: a new one). */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * The client, not yet connected: add subscriptions, then {@link IncidentStreamClient#connect}.
     *
     * @throws IllegalStateException without a URL or a token
     */
    public IncidentStreamClient build() {
      if (endpoints == null) {
        throw new IllegalStateException("url (or urls, or endpoints) is required");
      }
      if (tokens == null) {
        throw new IllegalStateException("token (or tokenSupplier) is required");
      }
      HttpClient client =
          http != null ? http : HttpClient.newBuilder().connectTimeout(connectTimeout).build();
      return new IncidentStreamClient(
          new Settings(
              endpoints,
              tokens,
              new Backoff(minBackoff, maxBackoff, backoffFactor, JITTER),
              handOffCapacity,
              connectTimeout,
              refreshMargin,
              resumeSeq,
              resumeEpoch,
              listener,
              client));
    }

    private static URI checkedUrl(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme();
      if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
        throw new IllegalArgumentException(
            "url must start with ws:// or wss://, was " + url + " (the stream is at /ws)");
      }
      return url;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
