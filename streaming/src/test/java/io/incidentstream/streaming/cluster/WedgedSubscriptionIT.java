package io.incidentstream.streaming.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.cluster.Deliveries;
import io.incidentstream.streaming.support.cluster.SteadyProducer;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subscription that stops delivering without the process noticing (DESIGN section 6) is found by
 * the bus heartbeat and replaced, and the events missed meanwhile are back-filled: clients end with
 * every event, no gap, no duplicate. Two ways to wedge it on the Redis side: the subscriber
 * connections are killed, or Redis stops executing writes (so nothing is published) for longer than
 * the heartbeat timeout.
 */
class WedgedSubscriptionIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Duration PACE = Duration.ofMillis(5);
  private static final int EVENTS_BEFORE = 30;
  private static final int EVENTS_AFTER = 30;

  /** Long enough for every instance to miss its heartbeat by a wide margin while it lasts. */
  private static final Duration PAUSE = ClusterFixture.HEARTBEAT_TIMEOUT.multipliedBy(5);

  private ClusterFixture cluster;
  private SteadyProducer producer;
  private List<WsTestClient> clients;

  @BeforeEach
  void startCluster() {
    REDIS.flushAll();
    cluster = ClusterFixture.start(REDIS.uri());
    clients = cluster.instances().stream().map(i -> i.subscribed("{}")).toList();
    cluster.instances().forEach(i -> await().until(() -> i.readiness() == 200));
    producer = SteadyProducer.start(cluster.instances(), PACE);
    await().until(() -> producer.acceptedCount() >= EVENTS_BEFORE);
  }

  @AfterEach
  void stopCluster() {
    producer.close();
    cluster.close();
  }

  @Test
  void shouldResubscribeAndBackFillWhenRedisKillsTheSubscriberConnections() {
    List<Double> reconnects = reconnects();

    try (RespClient redis = REDIS.client()) {
      long killed = (Long) redis.call("CLIENT", "KILL", "TYPE", "pubsub");
      assertThat(killed).as("subscriber connections killed").isGreaterThanOrEqualTo(3);
    }

    awaitReconnected(reconnects);
    assertEveryAcceptedEventDeliveredOnce();
  }

  @Test
  void shouldDetectSilenceAndResubscribeWhenRedisPausesDelivery() {
    List<Double> reconnects = reconnects();

    try (RespClient redis = REDIS.client()) {
      redis.call("CLIENT", "PAUSE", Long.toString(PAUSE.toMillis()), "WRITE");
    }

    Set<String> noticed = ConcurrentHashMap.newKeySet();
    await()
        .atMost(PAUSE)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              cluster.instances().stream()
                  .filter(i -> i.gauge(MetricNames.CLUSTER_HEALTHY) == 0)
                  .forEach(i -> noticed.add(i.instanceId()));
              return noticed.size() == cluster.instances().size();
            });
    for (ClusterInstance instance : cluster.instances()) {
      await()
          .atMost(Deliveries.CATCH_UP)
          .until(() -> instance.gauge(MetricNames.CLUSTER_HEALTHY) == 1);
    }
    awaitReconnected(reconnects);
    assertEveryAcceptedEventDeliveredOnce();
  }

  private List<Double> reconnects() {
    return cluster.instances().stream()
        .map(i -> i.counter(MetricNames.CLUSTER_RECONNECTS))
        .toList();
  }

  private void awaitReconnected(List<Double> before) {
    for (int i = 0; i < before.size(); i++) {
      ClusterInstance instance = cluster.get(i);
      double previous = before.get(i);
      await()
          .atMost(Deliveries.CATCH_UP)
          .until(
              () ->
                  instance.counter(MetricNames.CLUSTER_RECONNECTS) > previous
                      && instance.readiness() == 200);
    }
  }

  private void assertEveryAcceptedEventDeliveredOnce() {
    int acceptedSoFar = producer.acceptedCount();
    await()
        .atMost(Deliveries.CATCH_UP)
        .until(() -> producer.acceptedCount() >= acceptedSoFar + EVENTS_AFTER);
    producer.close();

    assertThat(producer.unexpected()).as("answers other than 202 or 503 + Retry-After").isEmpty();
    List<Long> accepted = producer.acceptedSeqs();
    long last = accepted.get(accepted.size() - 1);
    for (int i = 0; i < clients.size(); i++) {
      Deliveries.awaitThrough(clients.get(i), last);
      Deliveries.assertGaplessAndComplete(cluster.get(i).instanceId(), clients.get(i), accepted);
    }
  }
}
