package io.incidentstream.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A client of {@code /ws} that speaks the wire protocol itself (JSON text frames over the JDK's
 * WebSocket, not the project's client library), so that what it checks is the protocol: it
 * subscribes to everything, records each event's {@code seq} and {@code message_id}, and on any
 * close or error reconnects to another live instance and subscribes again with {@code since} (the
 * last seq it got) and {@code epoch} (that seq's epoch), as the README's reconnect and resume
 * contract says: promptly (a random wait up to 250 ms) after 1001 or 1012, otherwise with full
 * jitter backoff from 250 ms doubling to 5 s. It counts duplicates (a seq at or below the last one
 * of the same epoch), the {@code recovered} flags, and keeps what the server told it ({@code
 * closing} reasons, close codes, errors). Thread-safe (synchronized).
 */
public final class ResumingClient implements AutoCloseable {

  /** One event as received. */
  public record Delivery(long seq, String messageId, String epoch) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String SUBSCRIPTION = "faults";
  private static final long MIN_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final String name;
  private final URI first;
  private final Supplier<List<URI>> targets;
  private final String token;
  private final ScheduledExecutorService timer;

  private final List<Delivery> deliveries = new ArrayList<>();
  private final Map<Long, String> messageIdBySeq = new HashMap<>();
  private final List<Boolean> recovered = new ArrayList<>();
  private final Map<String, Integer> told = new LinkedHashMap<>();
  private final List<String> duplicates = new ArrayList<>();
  private long lastSeq;
  private String lastEpoch;
  private URI current;
  private int connection;
  private int welcomes;
  private int failedAttempts;
  private int backoffAttempt;
  private boolean subscribed;
  private boolean closed;
  private WebSocket socket;

  private ResumingClient(String name, URI first, Supplier<List<URI>> targets, String token) {
    this.name = name;
    this.first = first;
    this.targets = targets;
    this.token = token;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "resuming-client-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Connects to {@code first} and keeps connected: reconnections go to the URIs {@code targets}
   * answers then (the live instances), another one than the last when there is a choice.
   */
  public static ResumingClient connect(
      String name, URI first, Supplier<List<URI>> targets, String viewerToken) {
    ResumingClient client = new ResumingClient(name, first, targets, viewerToken);
    client.open(first);
    return client;
  }

  public String name() {
    return name;
  }

  /** The instance the client connected to first. */
  public URI firstUri() {
    return first;
  }

  /** Subscribed on an open connection right now. */
  public synchronized boolean isSubscribed() {
    return subscribed && !closed;
  }

  /** The instance the client is (or was last) connected to. */
  public synchronized URI current() {
    return current;
  }

  /** The epoch of the last {@code subscribed}: the one {@link #lastSeq()} belongs to. */
  public synchronized String epoch() {
    return lastEpoch;
  }

  public synchronized long lastSeq() {
    return lastSeq;
  }

  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Seqs received once each, in arrival order. */
  public synchronized List<Long> seqs() {
    return deliveries.stream().map(Delivery::seq).toList();
  }

  /** {@code message_id} of each seq received. */
  public synchronized Map<Long, String> messageIdBySeq() {
    return Map.copyOf(messageIdBySeq);
  }

  /** Events at or below a seq already received (same epoch), described. */
  public synchronized List<String> duplicates() {
    return List.copyOf(duplicates);
  }

  /** Connections that reached {@code welcome} after the first. */
  public synchronized int reconnects() {
    return Math.max(0, welcomes - 1);
  }

  /** Connection attempts that failed before {@code welcome}. */
  public synchronized int failedAttempts() {
    return failedAttempts;
  }

  /** The {@code recovered} flag of every {@code subscribed} that carried one (a resume). */
  public synchronized List<Boolean> recovered() {
    return List.copyOf(recovered);
  }

  /**
   * What the server told this client, counted: {@code closing: <reason>}, {@code close <code>},
   * {@code error <code>}, {@code recovered: false}, {@code new epoch}.
   */
  public synchronized Map<String, Integer> told() {
    return Map.copyOf(told);
  }

  @Override
  public void close() {
    WebSocket open;
    synchronized (this) {
      closed = true;
      open = socket;
    }
    timer.shutdownNow();
    if (open != null) {
      open.abort();
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private void open(URI target) {
    int attempt;
    synchronized (this) {
      if (closed) {
        return;
      }
      attempt = ++connection;
      current = target;
      subscribed = false;
      socket = null;
    }
    HTTP.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .buildAsync(target, new Listener(attempt))
        .whenComplete(
            (ws, failure) -> {
              if (failure != null) {
                connectionLost(attempt, "handshake failed", false);
              }
            });
  }

  private synchronized void onFrame(int attempt, WebSocket ws, JsonNode frame) {
    if (attempt != connection) {
      return;
    }
    switch (frame.path("type").asText()) {
      case "welcome" -> onWelcome(ws, frame);
      case "subscribed" -> onSubscribed(frame);
      case "event" -> onEvent(frame);
      case "closing" -> count("closing: " + frame.path("reason").asText());
      case "error" -> count("error " + frame.path("code").asText());
      default -> {
        // pong, unsubscribed: nothing to record
      }
    }
  }

  private void onWelcome(WebSocket ws, JsonNode welcome) {
    socket = ws;
    welcomes++;
    backoffAttempt = 0;
    ObjectNode subscribe = JSON.createObjectNode();
    subscribe.put("type", "subscribe");
    subscribe.put("subscription_id", SUBSCRIPTION);
    subscribe.putObject("filters");
    if (lastSeq > 0) {
      subscribe.put("since", lastSeq);
      subscribe.put("epoch", lastEpoch);
    }
    ws.sendText(subscribe.toString(), true);
  }

  private void onSubscribed(JsonNode frame) {
    subscribed = true;
    if (frame.has("recovered")) {
      boolean flag = frame.path("recovered").asBoolean();
      recovered.add(flag);
      if (!flag) {
        count("recovered: false");
      }
    }
    String epoch = frame.path("epoch").asText();
    if (lastEpoch != null && !lastEpoch.equals(epoch)) {
      // The stream's numbering restarted: its seqs are taken from here on, however low.
      count("new epoch");
      lastSeq = 0;
    }
    lastEpoch = epoch;
  }

  private void onEvent(JsonNode frame) {
    long seq = frame.path("seq").asLong();
    String messageId = frame.path("message_id").asText();
    if (seq <= lastSeq) {
      duplicates.add("seq " + seq + " (" + messageId + ") after seq " + lastSeq + " on " + current);
      return;
    }
    deliveries.add(new Delivery(seq, messageId, lastEpoch));
    messageIdBySeq.put(seq, messageId);
    lastSeq = seq;
  }

  private void connectionLost(int attempt, String why, boolean prompt) {
    long delayMs;
    synchronized (this) {
      if (attempt != connection || closed) {
        return;
      }
      count(why);
      if (!subscribed) {
        failedAttempts++;
      }
      subscribed = false;
      socket = null;
      long ceiling = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(backoffAttempt, 10));
      delayMs = ThreadLocalRandom.current().nextLong((prompt ? MIN_BACKOFF_MS : ceiling) + 1);
      backoffAttempt++;
    }
    timer.schedule(this::reconnect, delayMs, TimeUnit.MILLISECONDS);
  }

  private void reconnect() {
    List<URI> live = targets.get();
    URI last = current();
    List<URI> others = live.stream().filter(uri -> !uri.equals(last)).toList();
    List<URI> choice = others.isEmpty() ? live : others;
    if (choice.isEmpty()) {
      connectionLost(connectionNumber(), "no live instance", false);
      return;
    }
    open(choice.get(ThreadLocalRandom.current().nextInt(choice.size())));
  }

  private synchronized int connectionNumber() {
    return connection;
  }

  private void count(String what) {
    told.merge(what, 1, Integer::sum);
  }

  private final class Listener implements WebSocket.Listener {

    private final int attempt;
    private final StringBuilder partial = new StringBuilder();

    Listener(int attempt) {
      this.attempt = attempt;
    }

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String whole = partial.toString();
        partial.setLength(0);
        try {
          onFrame(attempt, ws, JSON.readTree(whole));
        } catch (Exception e) {
          synchronized (ResumingClient.this) {
            count("unreadable frame");
          }
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      connectionLost(attempt, "close " + statusCode, statusCode == 1001 || statusCode == 1012);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      connectionLost(attempt, "connection error", false);
    }
  }
}
