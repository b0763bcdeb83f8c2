package io.incidentstream.streaming.metrics;

import io.incidentstream.domain.model.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code websocket.*} meters of DESIGN section 9, created once at start-up with bounded tags.
 * Thread-safe.
 */
@Context
public class StreamMetrics {

  public static final String ACTIVE_CONNECTIONS = "websocket.active.connections";
  public static final String TOTAL_CONNECTIONS = "websocket.total.connections";
  public static final String ACTIVE_SUBSCRIPTIONS = "websocket.active.subscriptions";
  public static final String MESSAGES_SENT = "websocket.messages.sent";
  public static final String MESSAGES_RECEIVED = "websocket.messages.received";
  public static final String EVENTS_BROADCAST = "websocket.events.broadcast";
  public static final String EVENTS_DELIVERED = "websocket.events.delivered";
  public static final String EVENTS_DROPPED = "websocket.events.dropped";
  public static final String CONNECTION_ERRORS = "websocket.connection.errors";
  public static final String SEND_ERRORS = "websocket.send.errors";
  public static final String SESSION_DURATION = "websocket.session.duration";
  public static final String MESSAGE_LATENCY = "websocket.message.latency";
  public static final String QUEUE_SATURATION = "websocket.queue.saturation.ratio";

  /** Tag value of {@link #EVENTS_DROPPED}: shed because the connection's queue was full. */
  public static final String DROP_QUEUE_FULL = "queue_full";

  /** Tag value of {@link #EVENTS_DROPPED}: the connection was already closing. */
  public static final String DROP_SESSION_CLOSED = "session_closed";

  private final Counter messagesSent;
  private final Counter messagesReceived;
  private final Counter eventsBroadcast;
  private final Counter eventsDelivered;
  private final Counter connectionErrors;
  private final Counter sendErrors;
  private final Timer sessionDuration;
  private final Timer messageLatency;
  private final Map<Priority, Counter> droppedQueueFull;
  private final Map<Priority, Counter> droppedClosed;

  public StreamMetrics(MeterRegistry registry) {
    messagesSent = registry.counter(MESSAGES_SENT);
    messagesReceived = registry.counter(MESSAGES_RECEIVED);
    eventsBroadcast = registry.counter(EVENTS_BROADCAST);
    eventsDelivered = registry.counter(EVENTS_DELIVERED);
    connectionErrors = registry.counter(CONNECTION_ERRORS);
    sendErrors = registry.counter(SEND_ERRORS);
    sessionDuration = registry.timer(SESSION_DURATION);
    messageLatency = registry.timer(MESSAGE_LATENCY);
    droppedQueueFull = droppedCounters(registry, DROP_QUEUE_FULL);
    droppedClosed = droppedCounters(registry, DROP_SESSION_CLOSED);
  }

  private static Map<Priority, Counter> droppedCounters(MeterRegistry registry, String reason) {
    Map<Priority, Counter> counters = new EnumMap<>(Priority.class);
    for (Priority priority : Priority.values()) {
      counters.put(
          priority,
          registry.counter(EVENTS_DROPPED, "reason", reason, "priority", priority.wire()));
    }
    return counters;
  }

  public void messagesSent(int count) {
    messagesSent.increment(count);
  }

  public void messageReceived() {
    messagesReceived.increment();
  }

  /** Events queued for connections of this instance since start. */
  public long eventsDelivered() {
    return (long) eventsDelivered.count();
  }

  public void eventBroadcast() {
    eventsBroadcast.increment();
  }

  public void eventsDelivered(int count) {
    eventsDelivered.increment(count);
  }

  public void eventDropped(Priority priority, String reason) {
    Map<Priority, Counter> counters =
        DROP_QUEUE_FULL.equals(reason) ? droppedQueueFull : droppedClosed;
    counters.get(priority).increment();
  }

  public void connectionError() {
    connectionErrors.increment();
  }

  public void sendError() {
    sendErrors.increment();
  }

  public void sessionEnded(Duration duration) {
    sessionDuration.record(duration);
  }

  public void latencyMillis(long millis) {
    messageLatency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }
}
