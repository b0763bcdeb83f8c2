package io.incidentstream.domain.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stream's counters at one moment, of one instance or summed over the cluster. Counters count
 * since the instance started. Immutable.
 *
 * @param instanceId the instance, or null for the whole cluster
 * @param totalConnections {@code /ws} connections accepted since start
 * @param eventsPublished events this instance sequenced onto the stream (ingest and producers)
 * @param eventsBroadcast events this instance fanned out to its sessions
 * @param eventsDelivered event frames written to its sessions
 * @param eventsDropped events meant for a session that it never got, all reasons together
 * @param droppedByReason the same, by reason ({@code queue_full_low}, {@code
 *     slow_consumer_closed}…)
 * @param slowConsumerCloses sessions closed with 4008 (slow consumer)
 * @param latencyP50Millis publish-to-write latency over the last 10 s, median (null: no event)
 * @param latencyP99Millis the same, 99th percentile: the upper bound of the histogram bucket it
 *     falls in
 * @param uptime since the instance started (the oldest instance's, for the cluster)
 * @param eventsPerSecond events broadcast per second over the last 10 s
 * @param deliveriesPerSecond event frames written per second over the last 10 s
 */
public record StatsSnapshot(
    @Nullable String instanceId,
    Instant at,
    int activeConnections,
    long totalConnections,
    int activeSubscriptions,
    long eventsPublished,
    long eventsBroadcast,
    long eventsDelivered,
    long eventsDropped,
    Map<String, Long> droppedByReason,
    long slowConsumerCloses,
    @Nullable Double latencyP50Millis,
    @Nullable Double latencyP99Millis,
    Duration uptime,
    double eventsPerSecond,
    double deliveriesPerSecond) {

  public StatsSnapshot {
    Objects.requireNonNull(at, "at");
    droppedByReason = Map.copyOf(droppedByReason);
    Objects.requireNonNull(uptime, "uptime");
  }
}
