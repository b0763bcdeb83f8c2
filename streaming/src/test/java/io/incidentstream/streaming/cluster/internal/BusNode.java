package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.RecordingBroadcaster;
import io.incidentstream.streaming.support.TestBroadcaster;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;

/**
 * One clustered instance without an HTTP server, for the bus's own tests: a real {@link
 * LettuceClusterBus} on the harness's Redis, delivering to a {@link RecordingBroadcaster}. Short
 * timings so heartbeats, wedges and reconnects show within a test. Not thread-safe.
 */
final class BusNode implements AutoCloseable {

  final ApplicationContext context;

  private BusNode(ApplicationContext context) {
    this.context = context;
  }

  static BusNode start(RedisServerExtension redis, String instanceId, Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("redis.uri", redis.uri());
    properties.put("stream.instance-id", instanceId);
    properties.put("stream.cluster.heartbeat-interval", "100ms");
    properties.put("stream.cluster.heartbeat-timeout", "5s");
    properties.put("stream.cluster.membership-ttl", "1500ms");
    properties.put("stream.cluster.reconnect-min-backoff", "50ms");
    properties.put("stream.cluster.reconnect-max-backoff", "400ms");
    properties.putAll(extra);
    return new BusNode(ApplicationContext.run(properties, TestBroadcaster.ENV));
  }

  static BusNode start(RedisServerExtension redis, String instanceId) {
    return start(redis, instanceId, Map.of());
  }

  LettuceClusterBus bus() {
    return context.getBean(LettuceClusterBus.class);
  }

  RecordingBroadcaster broadcaster() {
    return context.getBean(TestBroadcaster.class);
  }

  EventHistory history() {
    return context.getBean(EventHistory.class);
  }

  RedisLink link() {
    return context.getBean(RedisLink.class);
  }

  MeterRegistry meters() {
    return context.getBean(MeterRegistry.class);
  }

  double dropped(ClusterMetrics.Drop reason) {
    return meters().counter(MetricNames.CLUSTER_DROPPED, "reason", reason.tag()).count();
  }

  double counter(String name) {
    return meters().counter(name).count();
  }

  @Override
  public void close() {
    context.close();
  }
}
