package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.streaming.cluster.ClusterMembership;
import io.incidentstream.streaming.cluster.InstanceInfo;
import io.incidentstream.streaming.metrics.MetricNames;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clustered membership: each instance keeps a key {@code <prefix>:members:<instance_id>} holding
 * its {@link InstanceInfo} as JSON, with a TTL of {@code membership-ttl}, refreshed every third of
 * it; an instance that dies drops out when its key expires, one that stops deletes its key. The
 * members are read back (SCAN + MGET) every {@code heartbeat-interval} into an in-memory view,
 * which {@link #members()} answers from without touching Redis.
 *
 * <p>While Redis is unreachable for longer than a TTL, the view shrinks to this instance alone: the
 * others' keys would have expired by then. Thread-safe: Redis work runs on the bus's control thread
 * and Lettuce's, the view is published through a volatile field.
 */
@Context
@Requires(property = "redis.uri")
final class RedisClusterMembership implements ClusterMembership {

  private static final Logger LOG = LoggerFactory.getLogger(RedisClusterMembership.class);
  private static final int SCAN_COUNT = 100;

  private final RedisLink link;
  private final LocalInstance local;
  private final RedisKeys keys;
  private final ClusterConfiguration config;
  private final ObjectMapper json;
  private volatile List<InstanceInfo> view = List.of();
  private volatile long viewReadAt = System.nanoTime();

  RedisClusterMembership(
      RedisLink link,
      LocalInstance local,
      ClusterConfiguration config,
      ObjectMapper json,
      MeterRegistry meters) {
    this.link = link;
    this.local = local;
    this.config = config;
    this.json = json;
    this.keys = RedisKeys.of(config);
    Gauge.builder(MetricNames.CLUSTER_MEMBERS, this, m -> m.members().size())
        .description("Live instances in the cluster, as this instance sees them")
        .register(meters);
    link.beforeClose(this::leave);
    link.execute(this::refreshOwnKey);
    link.every(config.membershipRefresh(), this::refreshOwnKey);
    link.every(config.heartbeatInterval(), this::readMembers);
  }

  @Override
  public List<InstanceInfo> members() {
    InstanceInfo self = local.snapshot();
    List<InstanceInfo> members = new ArrayList<>();
    members.add(self);
    if (System.nanoTime() - viewReadAt <= config.membershipTtl().toNanos()) {
      for (InstanceInfo member : view) {
        if (!member.instanceId().equals(self.instanceId())) {
          members.add(member);
        }
      }
    }
    members.sort(Comparator.comparing(InstanceInfo::instanceId));
    return List.copyOf(members);
  }

  /** Deletes this instance's key so the others see it leave at once. Shutdown only. */
  private void leave() {
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null) {
      return;
    }
    try {
      connection.async().del(keys.member(local.id())).get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("Could not delete the membership key on shutdown; it expires by itself", e);
    }
  }

  private void refreshOwnKey() {
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null) {
      return;
    }
    String value;
    try {
      value = new String(json.writeValueAsBytes(local.snapshot()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.error("Could not encode this instance's membership", e);
      return;
    }
    connection
        .async()
        .set(keys.member(local.id()), value, SetArgs.Builder.px(config.membershipTtl().toMillis()))
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                LOG.debug("Membership key not refreshed: {}", failure.toString());
              }
            });
  }

  private void readMembers() {
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null) {
      return;
    }
    RedisAsyncCommands<String, String> commands = connection.async();
    long started = System.nanoTime();
    scan(commands, ScanCursor.INITIAL, new ArrayList<>())
        .thenCompose(found -> values(commands, found))
        .whenComplete(
            (members, failure) -> {
              if (failure != null) {
                LOG.debug("Members not read: {}", failure.toString());
                return;
              }
              view = members;
              viewReadAt = started;
            });
  }

  private CompletableFuture<List<String>> scan(
      RedisAsyncCommands<String, String> commands, ScanCursor cursor, List<String> found) {
    ScanArgs args = ScanArgs.Builder.matches(keys.membersPattern()).limit(SCAN_COUNT);
    return commands
        .scan(cursor, args)
        .toCompletableFuture()
        .thenCompose(
            (KeyScanCursor<String> page) -> {
              found.addAll(page.getKeys());
              return page.isFinished()
                  ? CompletableFuture.completedFuture(found)
                  : scan(commands, page, found);
            });
  }

  private CompletableFuture<List<InstanceInfo>> values(
      RedisAsyncCommands<String, String> commands, List<String> found) {
    if (found.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    // Decoded on the control thread, not on Lettuce's I/O thread.
    return commands
        .mget(found.toArray(String[]::new))
        .toCompletableFuture()
        .thenApplyAsync(
            values -> {
              List<InstanceInfo> members = new ArrayList<>(values.size());
              for (KeyValue<String, String> value : values) {
                InstanceInfo member = value.hasValue() ? decode(value) : null;
                if (member != null) {
                  members.add(member);
                }
              }
              return List.copyOf(members);
            },
            link::execute);
  }

  private @Nullable InstanceInfo decode(KeyValue<String, String> value) {
    try {
      return json.readValue(value.getValue(), InstanceInfo.class);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Ignoring membership key {}: {}", value.getKey(), e.toString());
      return null;
    }
  }
}
