package io.incidentstream.app.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A producer that publishes over HTTP ({@code POST /api/v1/events}) as the README's idempotent
 * producer does: each event gets its own {@code message_id} when it is created, and keeps it until
 * a {@code 202} arrives. At every tick (a fixed pace) it creates one event, then sends its oldest
 * unacknowledged one to the next live instance; a failure (any other status, a refused connection,
 * a timeout) leaves that event at the head, to be sent again with the same {@code message_id}.
 * Records what was acknowledged (message_id to seq, and whether the answer said {@code duplicate})
 * and how every failed attempt failed. Thread-safe: one producer thread, any number of readers.
 */
public final class IdempotentProducer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private record Pending(int n, UUID messageId) {}

  private final String name;
  private final Supplier<List<URI>> targets;
  private final String token;
  private final ScheduledExecutorService thread;
  private final Deque<Pending> unacked = new ConcurrentLinkedDeque<>();
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final Set<String> answeredDuplicate = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile boolean creating = true;
  private int turn;

  private IdempotentProducer(String name, Supplier<List<URI>> targets, String token) {
    this.name = name;
    this.targets = targets;
    this.token = token;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "producer-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts publishing, one tick every {@code pace}, to the HTTP URIs {@code targets} answers at
   * each attempt (the live instances), in turn.
   */
  public static IdempotentProducer start(
      String name, Supplier<List<URI>> targets, String publisherToken, Duration pace) {
    IdempotentProducer producer = new IdempotentProducer(name, targets, publisherToken);
    producer.thread.scheduleWithFixedDelay(producer::tick, 0, pace.toNanos(), TimeUnit.NANOSECONDS);
    return producer;
  }

  /** Events created so far (each once, whatever its attempts). */
  public int published() {
    return created.get();
  }

  public int acknowledged() {
    return acked.size();
  }

  /** Acknowledgements that said {@code duplicate}: a retry of an event already sequenced. */
  public int answeredDuplicate() {
    return answeredDuplicate.size();
  }

  public int attempts() {
    return attempts.get();
  }

  /** Failed attempts, by kind ({@code 503 UNAVAILABLE}, {@code connection refused}, ...). */
  public Map<String, Integer> failures() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    failures.forEach((kind, n) -> counts.put(kind, n.get()));
    return counts;
  }

  public int failedAttempts() {
    return failures.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The seq of every acknowledged event, by its {@code message_id}. */
  public Map<String, Long> ackedSeqs() {
    return Map.copyOf(acked);
  }

  /**
   * Stops creating events and waits until every one created so far is acknowledged (retried as long
   * as it takes, up to {@code timeout}).
   */
  public void finish(Duration timeout) {
    creating = false;
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .alias(name + ": every event acknowledged (" + failures() + ")")
        .until(unacked::isEmpty);
  }

  @Override
  public void close() {
    creating = false;
    thread.shutdownNow();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void tick() {
    try {
      publishOne();
    } catch (RuntimeException e) {
      fail("unexpected " + e); // keeps the schedule alive; the test reports the kind
    }
  }

  private void publishOne() {
    if (creating) {
      int n = created.getAndIncrement();
      unacked.addLast(new Pending(n, UUID.randomUUID()));
    }
    Pending head = unacked.peekFirst();
    List<URI> live = targets.get();
    if (head == null || live.isEmpty()) {
      return;
    }
    URI target = live.get(Math.floorMod(turn++, live.size()));
    if (send(head, target)) {
      unacked.removeFirst();
    }
  }

  private boolean send(Pending event, URI target) {
    attempts.incrementAndGet();
    HttpRequest request =
        HttpRequest.newBuilder(target.resolve("/api/v1/events"))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body(event)))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return acknowledge(event, response.body());
      }
      fail(response.statusCode() + " " + errorCode(response.body()));
    } catch (HttpTimeoutException e) {
      fail("timeout");
    } catch (ConnectException e) {
      fail("connection refused");
    } catch (IOException e) {
      fail("connection lost");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private boolean acknowledge(Pending event, String body) {
    JsonNode answer = parse(body);
    String id = event.messageId().toString();
    if (!id.equals(answer.path("message_id").asText()) || !answer.path("seq").canConvertToLong()) {
      fail("2xx naming another message or no seq");
      return false;
    }
    acked.put(id, answer.path("seq").asLong());
    if (answer.path("duplicate").asBoolean(false)) {
      answeredDuplicate.add(id);
    }
    return true;
  }

  private static String errorCode(String body) {
    return parse(body).path("error").asText("(no error code)");
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException | RuntimeException e) {
      return JSON.createObjectNode();
    }
  }

  private void fail(String kind) {
    failures.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  private String body(Pending event) {
    return "{\"message_id\":\""
        + event.messageId()
        + "\",\"event_type\":\"system_event\",\"category\":\"faults\",\"message\":\""
        + name
        + "-"
        + event.n()
        + "\",\"metadata\":{}}";
  }
}
