package io.incidentstream.streaming.metrics;

import static io.incidentstream.streaming.metrics.MetricNames.TAG_REASON;

import io.incidentstream.domain.model.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code websocket.*} and history meters the hot path feeds, created once at start-up with
 * bounded tags (names in {@link MetricNames}). Thread-safe.
 */
@Context
public class StreamMetrics {

  /**
   * Buckets of {@link MetricNames#MESSAGE_LATENCY}: fine below the 50 ms p99 target, coarse above,
   * so that {@code histogram_quantile} answers around the target without a series per millisecond.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(20),
    Duration.ofMillis(30),
    Duration.ofMillis(50),
    Duration.ofMillis(75),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  /** Buckets of {@link MetricNames#SESSION_DURATION}: from a failed handshake to a day-long UI. */
  static final Duration[] SESSION_DURATION_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(10),
    Duration.ofMinutes(1),
    Duration.ofMinutes(10),
    Duration.ofHours(1),
    Duration.ofHours(8),
    Duration.ofDays(1)
  };

  private final Counter messagesSent;
  private final Counter messagesReceived;
  private final Counter eventsBroadcast;
  private final Counter eventsDelivered;
  private final Counter connectionErrors;
  private final Counter sendErrors;
  private final Counter internalErrors;
  private final Timer sessionDuration;
  private final Timer messageLatency;
  private final Counter replays;
  private final Counter replayEvents;
  private final Counter[] shedByPriority;
  private final Counter droppedSlowConsumer;
  private final Counter droppedClosed;

  public StreamMetrics(MeterRegistry registry) {
    messagesSent = counter(registry, MetricNames.MESSAGES_SENT, "Frames written to clients");
    messagesReceived =
        counter(registry, MetricNames.MESSAGES_RECEIVED, "Complete messages received from clients");
    eventsBroadcast =
        counter(registry, MetricNames.EVENTS_BROADCAST, "Events this instance fanned out");
    eventsDelivered =
        counter(registry, MetricNames.EVENTS_DELIVERED, "Event frames written to connections");
    connectionErrors =
        counter(
            registry,
            MetricNames.CONNECTION_ERRORS,
            "I/O errors and protocol violations on /ws connections");
    sendErrors = counter(registry, MetricNames.SEND_ERRORS, "Frames whose socket write failed");
    internalErrors =
        counter(
            registry,
            MetricNames.INTERNAL_ERRORS,
            "Unexpected exceptions in a /ws connection (closed with 1011)");
    sessionDuration =
        Timer.builder(MetricNames.SESSION_DURATION)
            .description("How long /ws connections lasted")
            .serviceLevelObjectives(SESSION_DURATION_BUCKETS)
            .register(registry);
    messageLatency =
        Timer.builder(MetricNames.MESSAGE_LATENCY)
            .description(
                "Event publish (envelope timestamp) to its frame written, across the cluster")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
    replays = counter(registry, MetricNames.HISTORY_REPLAYS, "Subscribes that resumed with since");
    replayEvents =
        counter(registry, MetricNames.HISTORY_REPLAY_EVENTS, "Missed events queued by resumes");
    shedByPriority =
        new Counter[] {
          dropped(registry, MetricNames.DROP_QUEUE_FULL_LOW),
          dropped(registry, MetricNames.DROP_QUEUE_FULL_NORMAL),
          dropped(registry, MetricNames.DROP_QUEUE_FULL_HIGH)
        };
    droppedSlowConsumer = dropped(registry, MetricNames.DROP_SLOW_CONSUMER_CLOSED);
    droppedClosed = dropped(registry, MetricNames.DROP_SESSION_CLOSED);
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder(MetricNames.EVENTS_DROPPED)
        .description("Events meant for a connection that it never got, by reason")
        .tag(TAG_REASON, reason)
        .register(registry);
  }

  public void messagesSent(int count) {
    messagesSent.increment(count);
  }

  public void messageReceived() {
    messagesReceived.increment();
  }

  /** Event frames written to connections of this instance since start. */
  public long eventsDelivered() {
    return (long) eventsDelivered.count();
  }

  public void eventBroadcast() {
    eventsBroadcast.increment();
  }

  public void eventsDelivered(int count) {
    eventsDelivered.increment(count);
  }

  /**
   * An event shed from (or refused by) a full queue. Critical events are never shed; one counted
   * here anyway goes with High.
   */
  public void eventShed(Priority priority) {
    shedByPriority[Math.min(priority.ordinal(), shedByPriority.length - 1)].increment();
  }

  /** Events discarded because their connection closed as a slow consumer (4008). */
  public void eventsDroppedSlowConsumer(int count) {
    droppedSlowConsumer.increment(count);
  }

  /** Events discarded because their connection was closing or closed for another reason. */
  public void eventsDroppedClosed(int count) {
    droppedClosed.increment(count);
  }

  public void connectionError() {
    connectionErrors.increment();
  }

  /** {@code frames} frames whose socket write failed. */
  public void sendFailed(int frames) {
    sendErrors.increment(frames);
  }

  public void internalError() {
    internalErrors.increment();
  }

  public void sessionEnded(Duration duration) {
    sessionDuration.record(duration);
  }

  public void latencyMillis(long millis) {
    messageLatency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** A subscribe with {@code since}: a resume served from the history. */
  public void replayServed() {
    replays.increment();
  }

  /** One missed event queued for a resuming connection. */
  public void replayEvent() {
    replayEvents.increment();
  }
}
