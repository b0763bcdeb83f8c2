package io.incidentstream.streaming.cluster;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.cluster.Deliveries;
import io.incidentstream.streaming.support.cluster.SteadyProducer;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis dies under a steady stream and comes back: instances stay up and keep their clients, refuse
 * ingest with 503 while it is gone, and afterwards every client has every event ingest accepted,
 * once, without a gap.
 */
class RedisOutageIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Duration PACE = Duration.ofMillis(5);
  private static final int EVENTS_BEFORE = 30;
  private static final int EVENTS_AFTER = 30;

  private ClusterFixture cluster;
  private SteadyProducer producer;

  @BeforeEach
  void startCluster() {
    REDIS.flushAll();
    cluster = ClusterFixture.start(REDIS.uri());
  }

  @AfterEach
  void stopCluster() {
    if (producer != null) {
      producer.close();
    }
    cluster.close();
  }

  @Test
  void shouldStayUpRefuseIngestAndBackFillEverythingAcceptedWhenRedisDiesAndReturns() {
    List<ClusterInstance> instances = cluster.instances();
    List<WsTestClient> clients = instances.stream().map(i -> i.subscribed("{}")).toList();
    instances.forEach(i -> await().until(() -> i.readiness() == 200));
    producer = SteadyProducer.start(instances, PACE);
    await().until(() -> producer.acceptedCount() >= EVENTS_BEFORE);

    REDIS.stop();
    try {
      for (ClusterInstance instance : instances) {
        await().atMost(Deliveries.CATCH_UP).until(() -> instance.readiness() == 503);
        assertRefusesIngest(instance);
        assertThat(instance.liveness()).as("%s liveness", instance).isEqualTo(200);
      }
      await().until(() -> producer.refusedCount() > 0);
      for (WsTestClient client : clients) {
        assertStillServed(client);
      }
    } finally {
      REDIS.start();
    }

    for (ClusterInstance instance : instances) {
      await().atMost(Deliveries.CATCH_UP).until(() -> instance.readiness() == 200);
      assertThat(instance.counter(MetricNames.CLUSTER_RECONNECTS)).as("%s", instance).isPositive();
    }
    int acceptedAtRestart = producer.acceptedCount();
    await()
        .atMost(Deliveries.CATCH_UP)
        .until(() -> producer.acceptedCount() >= acceptedAtRestart + EVENTS_AFTER);
    producer.close();

    assertThat(producer.unexpected()).as("answers other than 202 or 503 + Retry-After").isEmpty();
    List<Long> accepted = producer.acceptedSeqs();
    long last = accepted.get(accepted.size() - 1);
    for (int i = 0; i < clients.size(); i++) {
      WsTestClient client = clients.get(i);
      Deliveries.awaitThrough(client, last);
      Deliveries.assertGaplessAndComplete(instances.get(i).instanceId(), client, accepted);
      assertThat(client.isClosed()).isFalse();
    }
  }

  private static void assertRefusesIngest(ClusterInstance instance) {
    HttpResponse<String> refused = instance.ingest(systemJson("while-redis-is-down"));
    assertThat(refused.statusCode()).as("%s: %s", instance, refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).as("%s", instance).isPresent();
    assertThat(refused.body()).contains("\"error\":\"UNAVAILABLE\"");
  }

  /** The connection is open and the instance answers on it: a protocol ping gets its pong. */
  private static void assertStillServed(WsTestClient client) {
    assertThat(client.isClosed()).isFalse();
    String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    client.send("{\"type\":\"ping\",\"timestamp\":\"" + now + "\"}");
    client.awaitFrame(
        f -> "pong".equals(f.path("type").asText()) && now.equals(f.path("timestamp").asText()));
  }
}
