package io.incidentstream.streaming.cluster.internal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code redisBus} in {@code /health} and {@code /health/readiness}: UP while both Redis
 * connections are up and this instance hears its own bus heartbeat, DOWN otherwise (the instance
 * keeps serving its connections; ingest answers 503). Not a liveness check: {@code
 * /health/liveness} stays UP, so an orchestrator stops routing to the instance instead of
 * restarting it. Answers from the bus's state, without I/O. Thread-safe.
 */
@Singleton
@Requires(property = "redis.uri")
final class RedisBusHealthIndicator implements HealthIndicator {

  static final String NAME = "redisBus";

  private final LettuceClusterBus bus;

  RedisBusHealthIndicator(LettuceClusterBus bus) {
    this.bus = bus;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    LettuceClusterBus.BusStatus status = bus.status();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("redis", status.redis());
    details.put("last_delivered_seq", status.lastDeliveredSeq());
    Duration silence = status.sinceOwnHeartbeat();
    if (silence != null) {
      details.put("own_heartbeat_ms_ago", silence.toMillis());
    }
    String problem = status.problem();
    if (problem != null) {
      details.put("problem", problem);
    }
    HealthStatus health = status.healthy() ? HealthStatus.UP : HealthStatus.DOWN;
    return Publishers.just(HealthResult.builder(NAME, health).details(details).build());
  }
}
