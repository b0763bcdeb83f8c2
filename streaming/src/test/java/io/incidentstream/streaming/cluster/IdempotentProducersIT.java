package io.incidentstream.streaming.cluster;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.cluster.Deliveries;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Idempotent producers across a cluster: an event's own {@code message_id} is sequenced once per
 * tenant within {@code history-retention}, whichever instance or channel it arrives by, and every
 * repeat is answered with the original seq.
 */
class IdempotentProducersIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INGEST_CHANNEL = ClusterFixture.KEY_PREFIX + ":ingest";
  private static final int PUBLISHERS = 8;
  private static final int IDS = 1000;
  private static final int BATCH = 50;
  private static final int MAX_RETRIES = 20;

  private ClusterFixture cluster;

  @BeforeEach
  void flush() {
    REDIS.flushAll();
  }

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldDeliverAnIdSentTwiceOverHttpOnAAndOnceOnTheIngestChannelOnBOnce() {
    cluster = ClusterFixture.builder(REDIS.uri()).instances(2).start();
    ClusterInstance a = cluster.get(0);
    List<WsTestClient> clients = List.of(a.subscribed("{}"), cluster.get(1).subscribed("{}"));
    UUID id = UUID.randomUUID();

    JsonNode first = accepted(a.ingest(systemJson("payment failed", id)));
    JsonNode repeat = accepted(a.ingest(systemJson("payment failed", id)));
    awaitIngestSubscribers();
    try (RespClient redis = REDIS.client()) {
      // The marker shares the batch, so it is sequenced in the same atomic step as the repeat.
      redis.call(
          "PUBLISH",
          INGEST_CHANNEL,
          "[" + systemJson("payment failed", id) + "," + systemJson("marker") + "]");
    }

    for (WsTestClient client : clients) {
      await()
          .atMost(Deliveries.CATCH_UP)
          .until(() -> Deliveries.messages(client).contains("marker"));
      assertThat(Deliveries.messages(client)).containsExactly("payment failed", "marker");
      assertThat(client.events().get(0).path("message_id").asText()).isEqualTo(id.toString());
      assertThat(Deliveries.seqs(client)).containsExactly(1L, 2L);
    }
    assertThat(first.path("seq").asLong()).isEqualTo(1);
    assertThat(first.has("duplicate")).isFalse();
    assertThat(repeat.path("seq").asLong()).isEqualTo(1);
    assertThat(repeat.path("duplicate").asBoolean()).isTrue();
    assertThat(repeat.path("message_id").asText()).isEqualTo(id.toString());
  }

  @Test
  void shouldAcceptAnIdAgainOnceTheRetentionHasPassed() {
    cluster =
        ClusterFixture.builder(REDIS.uri())
            .instances(2)
            .property("stream.history-retention", "1s")
            .start();
    UUID id = UUID.randomUUID();
    long original = accepted(cluster.get(0).ingest(systemJson("again", id))).path("seq").asLong();

    JsonNode later =
        await()
            .atMost(Deliveries.CATCH_UP)
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> accepted(cluster.get(1).ingest(systemJson("again", id))),
                answer -> !answer.path("duplicate").asBoolean());

    assertThat(later.path("seq").asLong()).isGreaterThan(original);
    try (RespClient redis = REDIS.client()) {
      assertThat(redis.call("GET", ClusterFixture.KEY_PREFIX + ":seq"))
          .as("only the two accepted publishes were sequenced")
          .isEqualTo("2");
    }
  }

  @Test
  void shouldDeliverEachIdRacedByEightPublishersExactlyOnce() {
    cluster = ClusterFixture.builder(REDIS.uri()).instances(2).start();
    List<WsTestClient> clients =
        cluster.instances().stream().map(instance -> instance.subscribed("{}")).toList();
    List<UUID> ids = IntStream.range(0, IDS).mapToObj(i -> UUID.randomUUID()).toList();
    Map<UUID, Long> seqOfId = new ConcurrentHashMap<>();
    List<String> conflicts = Collections.synchronizedList(new ArrayList<>());

    ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
    try {
      CompletableFuture.allOf(
              IntStream.range(0, PUBLISHERS)
                  .mapToObj(
                      p ->
                          CompletableFuture.runAsync(
                              () -> publishAll(p, ids, seqOfId, conflicts), pool))
                  .toArray(CompletableFuture[]::new))
          .join();
    } finally {
      pool.shutdown();
    }
    long sentinel = accepted(cluster.get(0).ingest(systemJson("sentinel"))).path("seq").asLong();

    assertThat(conflicts).as("replies naming another seq for the same id").isEmpty();
    assertThat(seqOfId).hasSize(IDS);
    assertThat(sentinel).as("one seq per id, then the sentinel").isEqualTo(IDS + 1);
    for (WsTestClient client : clients) {
      Deliveries.awaitThrough(client, sentinel);
      Map<String, Long> delivered =
          client.events().stream()
              .filter(e -> e.path("seq").asLong() < sentinel)
              .collect(
                  Collectors.toMap(
                      e -> e.path("message_id").asText(), e -> e.path("seq").asLong()));
      assertThat(client.events()).hasSize(IDS + 1);
      assertThat(delivered)
          .isEqualTo(
              seqOfId.entrySet().stream()
                  .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)));
    }
  }

  /**
   * Publisher {@code p}: every id once, in batches, in an order of its own, alternating instances.
   */
  private void publishAll(int p, List<UUID> ids, Map<UUID, Long> seqOfId, List<String> conflicts) {
    List<UUID> order = new ArrayList<>(ids);
    Collections.shuffle(order, new Random(p));
    ClusterInstance instance = cluster.get(p % cluster.instances().size());
    for (int from = 0; from < order.size(); from += BATCH) {
      List<UUID> batch = order.subList(from, Math.min(order.size(), from + BATCH));
      String body =
          batch.stream()
              .map(id -> systemJson("raced", id))
              .collect(Collectors.joining(",", "[", "]"));
      JsonNode answers = acceptedRetrying(instance, body);
      for (int i = 0; i < batch.size(); i++) {
        UUID id = batch.get(i);
        JsonNode answer = answers.get(i);
        assertThat(answer.path("message_id").asText()).isEqualTo(id.toString());
        Long seq = answer.path("seq").asLong();
        Long previous = seqOfId.putIfAbsent(id, seq);
        if (previous != null && !previous.equals(seq)) {
          conflicts.add(id + ": " + previous + " and " + seq);
        }
      }
    }
  }

  /**
   * Publishes until accepted, as a producer should: a 503 (e.g. Redis answered after {@code
   * command-timeout}, when the batch may or may not have been sequenced) is retried with the same
   * message ids, which is what makes the retry safe.
   */
  private static JsonNode acceptedRetrying(ClusterInstance instance, String body) {
    HttpResponse<String> response = instance.ingest(body);
    for (int retry = 0; retry < MAX_RETRIES && response.statusCode() == 503; retry++) {
      response = instance.ingest(body);
    }
    return accepted(response);
  }

  private void awaitIngestSubscribers() {
    try (RespClient redis = REDIS.client()) {
      await()
          .atMost(Deliveries.CATCH_UP)
          .until(
              () -> {
                List<?> reply = (List<?>) redis.call("PUBSUB", "NUMSUB", INGEST_CHANNEL);
                return (Long) reply.get(1) >= cluster.instances().size();
              });
    }
  }

  private static JsonNode accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    try {
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("unreadable ingest answer: " + response.body(), e);
    }
  }
}
