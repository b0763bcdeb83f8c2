package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code streamSessions} in {@code /health} and {@code /health/readiness}: DOWN once the instance
 * drains its {@code /ws} sessions at shutdown, so that a load balancer stops sending it clients
 * while the open ones are told to go (1001). Not a liveness check: a draining instance is healthy,
 * it is leaving. Answers from the registry's state, without I/O. Thread-safe.
 */
@Singleton
final class ShutdownHealthIndicator implements HealthIndicator {

  static final String NAME = "streamSessions";

  private final ConnectionRegistry registry;

  ShutdownHealthIndicator(ConnectionRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    boolean draining = registry.isDraining();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("open_sessions", registry.size());
    details.put("draining", draining);
    HealthStatus status = draining ? HealthStatus.DOWN : HealthStatus.UP;
    return Publishers.just(HealthResult.builder(NAME, status).details(details).build());
  }
}
