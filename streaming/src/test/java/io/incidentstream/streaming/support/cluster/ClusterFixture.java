package io.incidentstream.streaming.support.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * N instances of the streaming server in this JVM, each its own application context on a random
 * port, sharing one Redis through {@code redis.uri}, with short {@code stream.cluster.*} timings so
 * failure detection takes seconds. Instance {@code i} has the id {@code node-i}. Thread-safe for
 * reads; start and close from the test thread.
 */
public final class ClusterFixture implements AutoCloseable {

  /** The environment of every instance: test-only beans such as {@link GatedBroadcasters}. */
  public static final String ENV = "cluster-test";

  public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(200);
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration MEMBERSHIP_TTL = Duration.ofSeconds(2);
  public static final String KEY_PREFIX = "incident-stream";

  private final List<ClusterInstance> instances;

  private ClusterFixture(List<ClusterInstance> instances) {
    this.instances = List.copyOf(instances);
  }

  public static Builder builder(String redisUri) {
    return new Builder(redisUri);
  }

  /** Three instances with the default test settings. */
  public static ClusterFixture start(String redisUri) {
    return builder(redisUri).start();
  }

  public ClusterInstance get(int index) {
    return instances.get(index);
  }

  public List<ClusterInstance> instances() {
    return instances;
  }

  public List<ClusterInstance> running() {
    return instances.stream().filter(ClusterInstance::isRunning).toList();
  }

  /** Ids of every instance, in index order (which is also id order). */
  public List<String> instanceIds() {
    return instances.stream().map(ClusterInstance::instanceId).toList();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (ClusterInstance instance : instances) {
      try {
        instance.stop();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Settings for the instances; {@link #start()} runs them. */
  public static final class Builder {

    private final Map<String, Object> common = new HashMap<>();
    private final Map<Integer, Map<String, Object>> perInstance = new HashMap<>();
    private int count = 3;

    private Builder(String redisUri) {
      common.put("micronaut.server.port", -1);
      common.put("redis.uri", redisUri);
      common.put("stream.cluster.key-prefix", KEY_PREFIX);
      common.put("stream.cluster.heartbeat-interval", HEARTBEAT_INTERVAL.toMillis() + "ms");
      common.put("stream.cluster.heartbeat-timeout", HEARTBEAT_TIMEOUT.toMillis() + "ms");
      common.put("stream.cluster.membership-ttl", MEMBERSHIP_TTL.toMillis() + "ms");
      common.put("stream.cluster.reconnect-min-backoff", "50ms");
      common.put("stream.cluster.reconnect-max-backoff", "500ms");
      // Test clients read everything; a shed event would look like a bus gap.
      common.put("stream.max-pending-messages", 100_000);
      common.put("stream.max-pending-bytes", "256MB");
      common.put("stream.shutdown-grace", "1s");
      common.put("endpoints.health.details-visible", "ANONYMOUS");
      // As app's application.yml: the redisBus indicator, not Lettuce's per-probe connect.
      common.put("redis.health.enabled", false);
    }

    public Builder instances(int count) {
      this.count = count;
      return this;
    }

    /** A setting for every instance. */
    public Builder property(String key, Object value) {
      common.put(key, value);
      return this;
    }

    /** A setting for instance {@code index} only. */
    public Builder property(int index, String key, Object value) {
      perInstance.computeIfAbsent(index, i -> new HashMap<>()).put(key, value);
      return this;
    }

    /** Starts the instances one after the other; stops those already started if one fails. */
    public ClusterFixture start() {
      List<ClusterInstance> started = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          started.add(ClusterInstance.start("node-" + i, propertiesOf(i)));
        }
      } catch (RuntimeException e) {
        new ClusterFixture(started).close();
        throw e;
      }
      return new ClusterFixture(started);
    }

    private Map<String, Object> propertiesOf(int index) {
      Map<String, Object> properties = new HashMap<>(common);
      properties.put("stream.instance-id", "node-" + index);
      properties.putAll(perInstance.getOrDefault(index, Map.of()));
      return properties;
    }
  }
}
