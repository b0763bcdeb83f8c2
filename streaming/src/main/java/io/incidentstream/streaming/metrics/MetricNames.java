package io.incidentstream.streaming.metrics;

import java.util.List;

/**
 * Every meter name of the application, in one place: dashboards, alert rules and the README read
 * their names from here. Names are Micrometer's dotted form; Prometheus exports them with dots as
 * underscores, plus {@code _total} for counters, {@code _seconds} for timers and {@code
 * _bucket/_count/_sum/_max} for histograms (the exported name is beside each constant). Tag values
 * are bounded: never a session id, subject or tenant.
 *
 * <p>A new meter gets its name here, and is created once at start-up by its owner, never looked up
 * by name on a hot path.
 */
public final class MetricNames {

  private MetricNames() {}

  // ---- /ws sessions (DESIGN section 9: the names the seed's dashboards expect) ----

  /** Gauge {@code websocket_active_connections}: open {@code /ws} connections on this instance. */
  public static final String ACTIVE_CONNECTIONS = "websocket.active.connections";

  /**
   * {@code websocket_total_connections}: connections ever opened on this instance since it started.
   * A monotonic gauge, not a counter, so that it exports under exactly this name (a counter would
   * get {@code _total} twice); {@code rate()} works on it as on any counter, restarts included.
   */
  public static final String TOTAL_CONNECTIONS = "websocket.total.connections";

  /**
   * Gauge {@code websocket_active_subscriptions}: subscriptions held by this instance's sessions.
   */
  public static final String ACTIVE_SUBSCRIPTIONS = "websocket.active.subscriptions";

  /** Counter {@code websocket_messages_sent_total}: frames written to clients (events included). */
  public static final String MESSAGES_SENT = "websocket.messages.sent";

  /** Counter {@code websocket_messages_received_total}: complete messages received from clients. */
  public static final String MESSAGES_RECEIVED = "websocket.messages.received";

  /** Counter {@code websocket_events_broadcast_total}: events this instance fanned out. */
  public static final String EVENTS_BROADCAST = "websocket.events.broadcast";

  /** Counter {@code websocket_events_delivered_total}: event frames written to connections. */
  public static final String EVENTS_DELIVERED = "websocket.events.delivered";

  /**
   * Counter {@code websocket_events_dropped_total{reason}}: events meant for a connection that it
   * never got; {@code reason} is one of {@link #DROP_REASONS}.
   */
  public static final String EVENTS_DROPPED = "websocket.events.dropped";

  /** Counter {@code websocket_connection_errors_total}: I/O errors and protocol violations. */
  public static final String CONNECTION_ERRORS = "websocket.connection.errors";

  /**
   * Counter {@code websocket_send_errors_total}: socket writes that failed (a closed channel or a
   * broken pipe), one per failed write.
   */
  public static final String SEND_ERRORS = "websocket.send.errors";

  /**
   * Counter {@code websocket_internal_errors_total}: unexpected exceptions in a {@code /ws}
   * connection's pipeline (a bug: the connection is closed with 1011).
   */
  public static final String INTERNAL_ERRORS = "websocket.internal.errors";

  /** Timer (histogram) {@code websocket_session_duration_seconds}: how long connections lasted. */
  public static final String SESSION_DURATION = "websocket.session.duration";

  /**
   * Timer (histogram) {@code websocket_message_latency_seconds}: from the event's envelope
   * timestamp (set when it was sequenced, on whichever instance took the publish) to its frame
   * being written to the connection here; buckets from 1 ms to 10 s.
   */
  public static final String MESSAGE_LATENCY = "websocket.message.latency";

  /** Gauge {@code websocket_queue_saturation_ratio}: the fullest outbound queue, 0..1. */
  public static final String QUEUE_SATURATION = "websocket.queue.saturation.ratio";

  /**
   * Gauge {@code websocket_queue_saturation_sessions{le}}: sessions whose outbound queue is at most
   * {@code le} full (cumulative, {@code le="+Inf"} counts them all), so that {@code
   * histogram_quantile} works on it; taken at scrape time.
   */
  public static final String QUEUE_SATURATION_SESSIONS = "websocket.queue.saturation.sessions";

  /** The tag of {@link #EVENTS_DROPPED}. */
  public static final String TAG_REASON = "reason";

  /** The bucket tag of {@link #QUEUE_SATURATION_SESSIONS}. */
  public static final String TAG_LE = "le";

  /** Shed from a full queue to make room for a more urgent event: a Low one. */
  public static final String DROP_QUEUE_FULL_LOW = "queue_full_low";

  /** Shed from a full queue: a Normal one. */
  public static final String DROP_QUEUE_FULL_NORMAL = "queue_full_normal";

  /** Shed from a full queue: a High one (Critical events are never shed). */
  public static final String DROP_QUEUE_FULL_HIGH = "queue_full_high";

  /** Discarded because the connection was closed as a slow consumer (4008). */
  public static final String DROP_SLOW_CONSUMER_CLOSED = "slow_consumer_closed";

  /** Discarded because the connection was closing or closed for any other reason. */
  public static final String DROP_SESSION_CLOSED = "session_closed";

  /** Every value of {@link #TAG_REASON} on {@link #EVENTS_DROPPED}. */
  public static final List<String> DROP_REASONS =
      List.of(
          DROP_QUEUE_FULL_LOW,
          DROP_QUEUE_FULL_NORMAL,
          DROP_QUEUE_FULL_HIGH,
          DROP_SLOW_CONSUMER_CLOSED,
          DROP_SESSION_CLOSED);

  // ---- Cluster bus (embedded and clustered alike unless noted) ----

  /** Counter {@code stream_bus_events_published_total}: events this instance sequenced. */
  public static final String BUS_EVENTS_PUBLISHED = "stream.bus.events.published";

  /**
   * Timer (histogram) {@code stream_bus_publish_latency_seconds}: from handing a batch to the bus
   * to its events being sequenced (and, clustered, written to Redis).
   */
  public static final String BUS_PUBLISH_LATENCY = "stream.bus.publish.latency";

  /** Counter {@code stream_bus_batches_rejected_total}: embedded bus, batches refused (full). */
  public static final String BUS_BATCHES_REJECTED = "stream.bus.batches.rejected";

  /**
   * Counter {@code stream_bus_broadcast_errors_total}: embedded bus, fan-out hand-over failures.
   */
  public static final String BUS_BROADCAST_ERRORS = "stream.bus.broadcast.errors";

  /** Gauge {@code stream_bus_pending_batches}: embedded bus, batches waiting to be sequenced. */
  public static final String BUS_PENDING_BATCHES = "stream.bus.pending.batches";

  /**
   * Timer (histogram) {@code stream_cluster_pubsub_lag_seconds}: round trip of this instance's own
   * bus heartbeat through Redis pub/sub (clustered).
   */
  public static final String CLUSTER_PUBSUB_LAG = "stream.cluster.pubsub.lag";

  /** Counter {@code stream_cluster_reconnects_total}: Redis connections re-established. */
  public static final String CLUSTER_RECONNECTS = "stream.cluster.reconnects";

  /** Counter {@code stream_cluster_backfilled_events_total}: events read back to close a gap. */
  public static final String CLUSTER_BACKFILLED = "stream.cluster.backfilled.events";

  /** Counter {@code stream_cluster_dropped_events_total{reason}}: what the Redis bus dropped. */
  public static final String CLUSTER_DROPPED = "stream.cluster.dropped.events";

  /** Gauge {@code stream_cluster_healthy}: 1 while the Redis bus is connected and hears itself. */
  public static final String CLUSTER_HEALTHY = "stream.cluster.healthy";

  /** Gauge {@code stream_cluster_members}: live instances, as this one sees them. */
  public static final String CLUSTER_MEMBERS = "stream.cluster.members";

  /** Counter {@code stream_cluster_epoch_changes_total}: times Redis lost the stream's counter. */
  public static final String CLUSTER_EPOCH_CHANGES = "stream.cluster.epoch.changes";

  /** Gauge {@code stream_cluster_delivered_seq}: last seq this instance delivered. */
  public static final String CLUSTER_DELIVERED_SEQ = "stream.cluster.delivered.seq";

  // ---- Event loops ----

  /**
   * Counter {@code stream_event_loop_stalls_total{kind}}: times a server event loop did not run a
   * probe task within {@code stream.event-loop.stall-threshold}; {@code kind} is {@link
   * #STALL_BLOCKED} or {@link #STALL_BUSY}.
   */
  public static final String EVENT_LOOP_STALLS = "stream.event.loop.stalls";

  /** The tag of {@link #EVENT_LOOP_STALLS}. */
  public static final String TAG_KIND = "kind";

  /**
   * {@link #TAG_KIND}: the loop's thread was waiting (lock, sleep, future): blocked by its code.
   */
  public static final String STALL_BLOCKED = "blocked";

  /** {@link #TAG_KIND}: the loop's thread was runnable: long tasks, or starved of CPU. */
  public static final String STALL_BUSY = "busy";

  // ---- History and resume ----

  /** Gauge {@code stream_history_size}: events held for resume on this instance. */
  public static final String HISTORY_SIZE = "stream.history.size";

  /** Gauge {@code stream_history_oldest_seq}: oldest seq a resuming client can still recover. */
  public static final String HISTORY_OLDEST_SEQ = "stream.history.oldest.seq";

  /** Gauge {@code stream_history_oldest_age_seconds}: age of the oldest event held. */
  public static final String HISTORY_OLDEST_AGE = "stream.history.oldest.age";

  /** Counter {@code stream_history_replays_total}: subscribes with {@code since} (resumes). */
  public static final String HISTORY_REPLAYS = "stream.history.replays";

  /** Counter {@code stream_history_replay_events_total}: missed events queued by resumes. */
  public static final String HISTORY_REPLAY_EVENTS = "stream.history.replay.events";

  // ---- Ingest ----

  /**
   * Counter {@code stream_ingest_requests_total{path,outcome}}: producer requests (HTTP) or
   * messages (Redis ingest channel), by outcome: {@code accepted} or the reason it was refused.
   */
  public static final String INGEST_REQUESTS = "stream.ingest.requests";

  /** Counter {@code stream_ingest_events_total{path}}: events accepted from producers. */
  public static final String INGEST_EVENTS = "stream.ingest.events";

  /** The tag of the ingest meters saying where a producer's events came in. */
  public static final String TAG_PATH = "path";

  /** The outcome tag of {@link #INGEST_REQUESTS}. */
  public static final String TAG_OUTCOME = "outcome";

  /** {@link #TAG_PATH}: {@code POST /api/v1/events}. */
  public static final String PATH_HTTP = "http";

  /** {@link #TAG_PATH}: the Redis ingest channel. */
  public static final String PATH_REDIS = "redis";
}
