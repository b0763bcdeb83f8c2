package io.incidentstream.streaming.support.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.support.TestEvents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A producer posting one system event at a time to each instance in turn, at a fixed pace, and
 * recording what ingest answered: 202 with the event's seq, 503 (which must carry {@code
 * Retry-After}), or anything else (a failure the test reports). Each event's message is a unique
 * marker ({@code steady-<n>}) so a delivered event can be traced back to its request. Thread-safe:
 * one producer thread, any number of readers.
 */
public final class SteadyProducer implements AutoCloseable {

  public static final String MARKER_PREFIX = "steady-";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ClusterInstance> targets;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steady-producer"));
  private final AtomicInteger sent = new AtomicInteger();
  private final Map<String, Long> accepted = new ConcurrentHashMap<>();
  private final Queue<String> refused = new ConcurrentLinkedQueue<>();
  private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

  private SteadyProducer(List<ClusterInstance> targets) {
    this.targets = List.copyOf(targets);
  }

  /** Starts posting to {@code targets} in turn, one event every {@code pace}. */
  public static SteadyProducer start(List<ClusterInstance> targets, Duration pace) {
    SteadyProducer producer = new SteadyProducer(targets);
    producer.thread.scheduleWithFixedDelay(
        producer::postNext, 0, pace.toNanos(), TimeUnit.NANOSECONDS);
    return producer;
  }

  public int acceptedCount() {
    return accepted.size();
  }

  public int refusedCount() {
    return refused.size();
  }

  /** Seq of every event ingest accepted, ascending. */
  public List<Long> acceptedSeqs() {
    return accepted.values().stream().sorted().toList();
  }

  /** Markers of the events ingest refused with 503. */
  public List<String> refusedMarkers() {
    return List.copyOf(refused);
  }

  /** Answers that were neither 202 nor 503 with Retry-After, described. */
  public List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** Stops posting and waits for the request in flight. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the steady producer did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void postNext() {
    int n = sent.getAndIncrement();
    ClusterInstance target = targets.get(n % targets.size());
    String marker = MARKER_PREFIX + n;
    try {
      record(marker, target, target.ingest(TestEvents.systemJson(marker)));
    } catch (RuntimeException e) {
      unexpected.add(marker + " to " + target + ": " + e);
    }
  }

  private void record(String marker, ClusterInstance target, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status == 202) {
      accepted.put(marker, seqOf(response.body()));
    } else if (status == 503 && response.headers().firstValue("Retry-After").isPresent()) {
      refused.add(marker);
    } else {
      unexpected.add(marker + " to " + target + ": " + status + " " + response.body());
    }
  }

  private static long seqOf(String body) {
    try {
      return JSON.readTree(body).path("seq").asLong();
    } catch (Exception e) {
      throw new IllegalStateException("202 without a readable seq: " + body, e);
    }
  }
}
