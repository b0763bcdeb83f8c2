package io.incidentstream.client.internal;

import io.incidentstream.client.ClientError;
import io.incidentstream.client.ClientError.Kind;
import io.incidentstream.client.ClientListener;
import io.incidentstream.client.ConnectionState;
import io.incidentstream.client.NotRecovered;
import io.incidentstream.client.Stopped;
import io.incidentstream.client.StreamEvent;
import io.incidentstream.client.SubscriptionListener;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The client's state machine: connects, (re)subscribes with {@code since} and {@code epoch}, hands
 * events on in order and each once, keeps the token fresh, detects a dead connection, and
 * reconnects with backoff, until told to stop or refused for good.
 *
 * <p>Threading: every field is confined to one loop thread (WebSocket callbacks and public calls
 * post to it); listeners run on the {@link HandOff}'s dispatch thread. Public methods are
 * thread-safe.
 */
public final class ReconnectingSession {

  private static final ProtocolCodec CODEC = new ProtocolCodec();
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private static final int POLICY_VIOLATION = 1008;
  private static final int GOING_AWAY = 1001;
  private static final int STREAM_RESET = 1012;
  private static final int TOKEN_EXPIRED = 4001;
  private static final int NORMAL = 1000;
  private static final long CLOSE_WAIT_MS = 2000;
  private static final long REFRESH_RETRY_MS = 5000;

  private final Settings settings;
  private final ScheduledThreadPoolExecutor loop;
  private final HandOff handOff;
  private final Position position;
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final CompletableFuture<Stopped> stopped = new CompletableFuture<>();

  private @Nullable Connection connection;
  private @Nullable ScheduledFuture<?> reconnectTimer;
  private @Nullable String token;
  private int attempt;
  private boolean started;
  private boolean finished;
  private boolean waitingForListeners;
  private volatile boolean closeRequested;
  private volatile ConnectionState state = ConnectionState.RECONNECTING;

  public ReconnectingSession(Settings settings) {
    this.settings = settings;
    this.position = new Position(settings.resumeSeq(), settings.resumeEpoch());
    String name = "incident-stream-client-" + CLIENTS.incrementAndGet();
    this.loop = new ScheduledThreadPoolExecutor(1, daemon(name));
    loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    loop.setRemoveOnCancelPolicy(true);
    this.handOff =
        new HandOff(settings.handOffCapacity(), this::callFailed, daemon(name + "-dispatch"));
  }

  // ---- public calls, any thread

  public void start() {
    post(
        () -> {
          if (!started) {
            started = true;
            connect();
          }
        });
  }

  public void subscribe(String id, SubscriptionFilters filters, SubscriptionListener listener) {
    checkOpen();
    Subscription subscription = new Subscription(id, filters, listener);
    post(
        () -> {
          Subscription replaced = subscriptions.put(id, subscription);
          if (replaced != null) {
            replaced.active = false;
          }
          Connection c = connection;
          if (c != null && c.welcomed) {
            sendSubscribe(c, subscription, null, null);
          }
        });
  }

  public void unsubscribe(String id) {
    checkOpen();
    post(
        () -> {
          Subscription removed = subscriptions.remove(id);
          if (removed == null) {
            return;
          }
          removed.active = false;
          Connection c = connection;
          if (c != null && c.welcomed) {
            send(c, new ClientMessage.Unsubscribe(id));
          }
        });
  }

  /** Stops for good; events still queued for the listeners are discarded. Never blocks. */
  public void close() {
    closeRequested = true;
    post(() -> stop(new Stopped(Stopped.Reason.CLOSED, 0, "closed by the application")));
  }

  public ConnectionState state() {
    return state;
  }

  /** Completes (on the dispatch thread, after the last listener call) when the client stopped. */
  public CompletableFuture<Stopped> stopped() {
    return stopped;
  }

  // ---- connecting

  private void connect() {
    reconnectTimer = null;
    if (finished || waitingForListeners || connection != null) {
      return;
    }
    String t = fetchToken();
    if (t == null) {
      retry("no token to connect with");
      return;
    }
    URI uri;
    try {
      uri = settings.endpoints().get();
    } catch (RuntimeException e) {
      report(Kind.CONNECTION_FAILED, "the endpoint supplier failed: " + e, e);
      retry("no endpoint to connect to");
      return;
    }
    token = t;
    Connection c = new Connection(uri);
    connection = c;
    setState(ConnectionState.CONNECTING, "connecting to " + uri);
    try {
      settings
          .http()
          .newWebSocketBuilder()
          .connectTimeout(settings.connectTimeout())
          .header("Authorization", "Bearer " + t)
          .buildAsync(uri, c)
          .whenComplete((ws, failure) -> post(() -> opened(c, failure)));
    } catch (RuntimeException e) {
      connection = null;
      report(Kind.CONNECTION_FAILED, "cannot connect to " + uri + ": " + e.getMessage(), e);
      retry("cannot connect to " + uri);
    }
  }

  private void opened(Connection c, @Nullable Throwable failure) {
    if (c != connection) {
      c.abort();
      return;
    }
    if (failure == null) {
      c.welcomeTimeout =
          loop.schedule(
              guarded(() -> noWelcome(c)),
              settings.connectTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
      return;
    }
    connection = null;
    Throwable cause = unwrap(failure);
    if (cause instanceof WebSocketHandshakeException refused) {
      handshakeRefused(c, refused.getResponse());
      return;
    }
    String why = "could not connect to " + c.uri + ": " + describe(cause);
    report(Kind.CONNECTION_FAILED, why, cause);
    retry(why);
  }

  private void handshakeRefused(Connection c, HttpResponse<?> response) {
    int status = response.statusCode();
    String why = "HTTP " + status + " from " + c.uri + reasonOf(response);
    if (status == 401) {
      String next = fetchToken();
      if (next != null && !next.equals(token)) {
        retry(why + ", trying the token supplier's new token");
        return;
      }
      stop(
          new Stopped(
              Stopped.Reason.UNAUTHORIZED,
              status,
              why + ": the token was refused and the token supplier has no other"));
      return;
    }
    if (status == 403) {
      stop(new Stopped(Stopped.Reason.UNAUTHORIZED, status, why + ": not allowed to stream"));
      return;
    }
    report(Kind.CONNECTION_FAILED, why, null);
    long retryAfter = retryAfterMillis(response);
    long delay = Math.max(backoffDelay(), retryAfter);
    reconnectIn(delay, why);
  }

  private void noWelcome(Connection c) {
    if (c != connection || c.welcomed) {
      return;
    }
    drop(c);
    String why =
        "no welcome from " + c.uri + " within " + settings.connectTimeout().toMillis() + " ms";
    report(Kind.CONNECTION_FAILED, why, null);
    retry(why);
  }

  // ---- frames

  private void onFrame(Connection c, String text) {
    if (c != connection) {
      return;
    }
    c.touch();
    Decoded<ServerMessage> decoded = CODEC.decodeServer(text);
    if (decoded instanceof Decoded.Failed<ServerMessage> failed) {
      report(
          Kind.UNREADABLE_FRAME,
          "skipped a frame from " + c.uri + " the client cannot read: " + failed.describe(),
          null);
    } else {
      handle(c, ((Decoded.Ok<ServerMessage>) decoded).value(), text);
    }
    if (c == connection) {
      c.requestNext();
    }
  }

  private void handle(Connection c, ServerMessage message, String text) {
    if (message instanceof ServerMessage.Event event) {
      event(c, event, text);
    } else if (message instanceof ServerMessage.Welcome welcome) {
      welcome(c, welcome);
    } else if (message instanceof ServerMessage.Subscribed subscribed) {
      subscribed(subscribed);
    } else if (message instanceof ServerMessage.Error error) {
      report(
          new ClientError(
              Kind.SERVER_ERROR,
              error.code() + " from " + c.uri + ": " + error.message(),
              error.code(),
              null));
    } else if (message instanceof ServerMessage.Closing closing) {
      c.closingReason = closing.reason();
    }
  }

  private void welcome(Connection c, ServerMessage.Welcome welcome) {
    c.welcomed = true;
    cancel(c.welcomeTimeout);
    attempt = 0;
    c.epoch = welcome.epoch();
    Long since = position.since();
    String sinceEpoch = position.epoch();
    if (position.welcome(welcome.epoch())) {
      subscriptions.values().forEach(subscription -> subscription.last = Position.NONE);
    }
    setState(
        ConnectionState.CONNECTED,
        "connected to "
            + c.uri
            + " (instance "
            + welcome.instanceId()
            + ", epoch "
            + welcome.epoch()
            + (since == null ? ")" : ", resuming after seq " + since + ")"));
    for (Subscription subscription : subscriptions.values()) {
      sendSubscribe(c, subscription, since, sinceEpoch);
    }
    c.heartbeatMs = welcome.heartbeatIntervalMs();
    startHeartbeat(c);
    String current = token;
    if (current != null) {
      scheduleRefresh(c, current);
    }
  }

  private void sendSubscribe(
      Connection c, Subscription subscription, @Nullable Long since, @Nullable String epoch) {
    subscription.sentSince = since;
    subscription.sentEpoch = since == null ? null : epoch;
    send(
        c,
        new ClientMessage.Subscribe(
            subscription.id, subscription.filters, since, subscription.sentEpoch));
  }

  private void subscribed(ServerMessage.Subscribed subscribed) {
    Subscription subscription = subscriptions.get(subscribed.subscriptionId());
    if (subscription == null) {
      return;
    }
    String epoch = subscribed.epoch();
    handOff.offerControl(
        () -> {
          if (subscription.active) {
            subscription.listener.onSubscribed(subscription.id, epoch);
          }
        });
    if (!Boolean.FALSE.equals(subscribed.recovered())) {
      return;
    }
    NotRecovered notice =
        new NotRecovered(
            subscription.id, subscription.sentSince, subscription.sentEpoch, subscribed.epoch());
    handOff.offerControl(
        () -> {
          if (subscription.active) {
            subscription.listener.onNotRecovered(notice);
          }
        });
  }

  private void event(Connection c, ServerMessage.Event frame, String text) {
    EventEnvelope envelope = frame.envelope();
    long seq = envelope.seq();
    List<Subscription> targets = new ArrayList<>(frame.subscriptionIds().size());
    for (String id : frame.subscriptionIds()) {
      Subscription subscription = subscriptions.get(id);
      if (subscription == null) {
        continue;
      }
      if (seq <= subscription.last) {
        report(
            Kind.OUT_OF_ORDER,
            "event seq "
                + seq
                + " from "
                + c.uri
                + " arrived after seq "
                + subscription.last
                + " was handed to subscription "
                + id
                + ": not delivered to it",
            null);
        continue;
      }
      targets.add(subscription);
    }
    if (targets.isEmpty()) {
      return;
    }
    if (!handOff.hasRoom()) {
      fallBehind(c);
      return;
    }
    for (Subscription subscription : targets) {
      subscription.last = seq;
    }
    position.record(seq);
    StreamEvent event =
        new StreamEvent(
            seq,
            envelope.messageId(),
            envelope.timestamp(),
            envelope.priority(),
            envelope.event(),
            frame.subscriptionIds(),
            c.epoch,
            text);
    handOff.offerEvent(() -> deliver(targets, event));
  }

  private void deliver(List<Subscription> targets, StreamEvent event) {
    for (Subscription subscription : targets) {
      if (!subscription.active) {
        continue;
      }
      try {
        subscription.listener.onEvent(event);
      } catch (RuntimeException e) {
        tellError(
            new ClientError(
                Kind.LISTENER_FAILED,
                "the listener of subscription "
                    + subscription.id
                    + " threw on seq "
                    + event.seq()
                    + ": "
                    + e,
                null,
                e));
      }
    }
  }

  /** The listeners are a full hand-off behind: stop reading, resume once they caught up. */
  private void fallBehind(Connection c) {
    drop(c);
    waitingForListeners = true;
    String why =
        "listeners are "
            + handOff.capacity()
            + " events behind: disconnected from "
            + c.uri
            + ", resuming after seq "
            + position.seq()
            + " once they have caught up";
    report(Kind.SLOW_LISTENER, why, null);
    setState(ConnectionState.RECONNECTING, why);
    handOff.whenDrained(() -> post(this::listenersCaughtUp));
  }

  private void listenersCaughtUp() {
    waitingForListeners = false;
    if (!finished && connection == null && reconnectTimer == null) {
      connect();
    }
  }

  // ---- closing

  private void onClosed(Connection c, int code, String reason) {
    if (c != connection) {
      return;
    }
    connection = null;
    c.cancelTimers();
    String said = c.closingReason != null ? c.closingReason : reason;
    String why = "closed " + code + (said.isEmpty() ? "" : " (" + said + ")") + " by " + c.uri;
    switch (code) {
      case POLICY_VIOLATION ->
          stop(new Stopped(Stopped.Reason.POLICY, code, why + ": not retrying"));
      case TOKEN_EXPIRED -> retryWithNewToken(code, why);
      case GOING_AWAY, STREAM_RESET -> reconnectIn(settings.backoff().promptMillis(), why);
      default -> retry(why);
    }
  }

  private void retryWithNewToken(int code, String why) {
    String next = fetchToken();
    if (next != null && !next.equals(token)) {
      reconnectIn(settings.backoff().promptMillis(), why + ", reconnecting with a new token");
      return;
    }
    stop(
        new Stopped(
            Stopped.Reason.TOKEN_EXPIRED, code, why + ": the token supplier has no new token"));
  }

  private void onFailed(Connection c, Throwable failure) {
    if (c != connection) {
      return;
    }
    connection = null;
    c.cancelTimers();
    c.abort();
    String why = "connection to " + c.uri + " failed: " + describe(failure);
    report(Kind.CONNECTION_FAILED, why, failure);
    retry(why);
  }

  private void retry(String why) {
    reconnectIn(backoffDelay(), why);
  }

  private long backoffDelay() {
    return settings.backoff().delayMillis(attempt++);
  }

  private void reconnectIn(long delayMillis, String why) {
    if (finished) {
      return;
    }
    setState(ConnectionState.RECONNECTING, why + ": reconnecting in " + delayMillis + " ms");
    cancel(reconnectTimer);
    reconnectTimer = loop.schedule(guarded(this::connect), delayMillis, TimeUnit.MILLISECONDS);
  }

  private void stop(Stopped why) {
    if (finished) {
      return;
    }
    finished = true;
    closeRequested = true;
    cancel(reconnectTimer);
    Connection c = connection;
    connection = null;
    if (c != null) {
      drop(c);
    }
    setState(ConnectionState.CLOSED, why.message());
    handOff.offerControl(
        () -> {
          try {
            settings.listener().onStopped(why);
          } finally {
            stopped.complete(why);
          }
        });
    if (why.reason() == Stopped.Reason.CLOSED) {
      handOff.discardEventsAndStop();
    } else {
      handOff.stopAfterQueued();
    }
    loop.shutdown();
  }

  /** Leaves a connection: a normal close frame, then the socket goes; its callbacks are ignored. */
  private void drop(Connection c) {
    if (connection == c) {
      connection = null;
    }
    c.cancelTimers();
    c.close(NORMAL, "client going away");
  }

  // ---- heartbeat and token refresh

  private void startHeartbeat(Connection c) {
    long interval = c.heartbeatMs;
    if (interval <= 0) {
      return;
    }
    long tick = Math.max(10, interval / 4);
    c.heartbeat =
        loop.scheduleWithFixedDelay(guarded(() -> heartbeat(c)), tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Quiet for a heartbeat interval: ask with a {@code ping} (the server's own pings stop while the
   * client sends); quiet for two, with that ping unanswered: the connection is dead, whatever TCP
   * says.
   */
  private void heartbeat(Connection c) {
    if (c != connection) {
      return;
    }
    long quiet = c.quietMillis();
    // Dead only once a ping went unanswered: if this thread stalled past both marks (a pause of
    // the client itself), it asks first instead of condemning a healthy connection.
    if (quiet >= 2 * c.heartbeatMs && c.pingSent) {
      connection = null;
      c.cancelTimers();
      c.abort();
      String why =
          "no frame from "
              + c.uri
              + " for "
              + quiet
              + " ms (2 x heartbeat_interval_ms "
              + c.heartbeatMs
              + "): connection presumed dead";
      report(Kind.CONNECTION_FAILED, why, null);
      retry(why);
    } else if (quiet >= c.heartbeatMs && !c.pingSent) {
      c.pingSent = true;
      send(c, new ClientMessage.Ping(Instant.now()));
    }
  }

  private void scheduleRefresh(Connection c, String current) {
    Optional<Instant> expiry = TokenExpiry.of(current);
    if (expiry.isEmpty()) {
      return;
    }
    long remaining = expiry.get().toEpochMilli() - System.currentTimeMillis();
    if (remaining <= 0) {
      return;
    }
    long margin = Math.min(settings.refreshMargin().toMillis(), remaining / 4);
    cancel(c.refresh);
    c.refresh =
        loop.schedule(
            guarded(() -> refresh(c, expiry.get())), remaining - margin, TimeUnit.MILLISECONDS);
  }

  private void refresh(Connection c, Instant expiry) {
    if (c != connection || !c.welcomed) {
      return;
    }
    String next = fetchToken();
    if (next != null && !next.equals(token)) {
      token = next;
      send(c, new ClientMessage.Refresh(next));
      scheduleRefresh(c, next);
      return;
    }
    long remaining = expiry.toEpochMilli() - System.currentTimeMillis();
    if (remaining > 1000) {
      // No new token yet: ask again before the server closes with 4001.
      c.refresh =
          loop.schedule(
              guarded(() -> refresh(c, expiry)),
              Math.min(REFRESH_RETRY_MS, remaining / 2),
              TimeUnit.MILLISECONDS);
    }
  }

  private @Nullable String fetchToken() {
    try {
      String t = settings.tokens().get();
      if (t == null || t.isBlank()) {
        report(Kind.TOKEN_SUPPLIER_FAILED, "the token supplier gave no token", null);
        return null;
      }
      return t;
    } catch (RuntimeException e) {
      report(Kind.TOKEN_SUPPLIER_FAILED, "the token supplier failed: " + e, e);
      return null;
    }
  }

  // ---- plumbing

  private void send(Connection c, ClientMessage message) {
    c.send(new String(CODEC.encode(message), StandardCharsets.UTF_8));
  }

  private void setState(ConnectionState next, String detail) {
    state = next;
    ClientListener listener = settings.listener();
    handOff.offerControl(() -> listener.onStateChanged(next, detail));
  }

  private void report(Kind kind, String message, @Nullable Throwable cause) {
    report(new ClientError(kind, message, null, cause));
  }

  private void report(ClientError error) {
    handOff.offerControl(() -> tellError(error));
  }

  /** On the dispatch thread. */
  private void tellError(ClientError error) {
    try {
      settings.listener().onError(error);
    } catch (RuntimeException ignored) {
      // the error listener failed too: nothing left to tell
    }
  }

  private void callFailed(Throwable failure) {
    tellError(new ClientError(Kind.LISTENER_FAILED, "a listener threw: " + failure, null, failure));
  }

  private void checkOpen() {
    if (closeRequested) {
      throw new IllegalStateException("the client is closed");
    }
  }

  private void post(Runnable task) {
    try {
      loop.execute(guarded(task));
    } catch (RejectedExecutionException closed) {
      // the client stopped: nothing to do any more
    }
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        report(Kind.CONNECTION_FAILED, "internal error in the client: " + e, e);
      }
    };
  }

  private static void cancel(@Nullable ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable failure) {
    Throwable t = unwrap(failure);
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String reasonOf(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("WWW-Authenticate")
        .map(value -> " (" + value + ")")
        .orElse("");
  }

  private static long retryAfterMillis(HttpResponse<?> response) {
    try {
      return response
          .headers()
          .firstValue("Retry-After")
          .map(value -> Long.parseLong(value.trim()) * 1000)
          .orElse(0L);
    } catch (NumberFormatException notSeconds) {
      return 0;
    }
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One subscription as the client keeps it. */
  private static final class Subscription {

    final String id;
    final SubscriptionFilters filters;
    final SubscriptionListener listener;

    /** False once unsubscribed or replaced: queued events are no longer delivered to it. */
    volatile boolean active = true;

    @Nullable Long sentSince;
    @Nullable String sentEpoch;

    /** The last seq handed to this subscription's listener. */
    long last = Position.NONE;

    Subscription(String id, SubscriptionFilters filters, SubscriptionListener listener) {
      this.id = id;
      this.filters = filters;
      this.listener = listener;
    }
  }

  /** One connection attempt: the socket, its timers and what it learnt from {@code welcome}. */
  private final class Connection extends FrameListener {

    boolean welcomed;
    String epoch = "";
    long heartbeatMs;
    boolean pingSent;
    @Nullable String closingReason;
    @Nullable ScheduledFuture<?> welcomeTimeout;
    @Nullable ScheduledFuture<?> heartbeat;
    @Nullable ScheduledFuture<?> refresh;
    private long lastFrameNanos = System.nanoTime();

    Connection(URI uri) {
      super(uri);
    }

    void touch() {
      lastFrameNanos = System.nanoTime();
      pingSent = false;
    }

    long quietMillis() {
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastFrameNanos);
    }

    void cancelTimers() {
      cancel(welcomeTimeout);
      cancel(heartbeat);
      cancel(refresh);
    }

    @Override
    void onText(String text) {
      post(() -> onFrame(this, text));
    }

    @Override
    void onControl() {
      post(
          () -> {
            if (this == connection) {
              touch();
            }
          });
    }

    @Override
    void onBinary() {
      post(
          () -> {
            if (this == connection) {
              touch();
              report(Kind.UNREADABLE_FRAME, "skipped a binary frame from " + uri, null);
            }
          });
    }

    @Override
    void onClosed(int code, String reason) {
      post(() -> ReconnectingSession.this.onClosed(this, code, reason));
    }

    @Override
    void onFailed(Throwable error) {
      post(() -> ReconnectingSession.this.onFailed(this, error));
    }

    @Override
    long closeWaitMillis() {
      return CLOSE_WAIT_MS;
    }
  }
}
