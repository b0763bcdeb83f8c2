package io.incidentstream.streaming.cluster;

import static io.incidentstream.streaming.support.TestEvents.incidentCreatedJson;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three instances over one Redis: whichever instance (or Redis producer) an event enters by, every
 * matching client on every instance gets it exactly once, in one cluster-wide seq order.
 */
class ClusterDeliveryIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SEVERITIES = {"P0", "P1", "P2", "P3", "P4"};
  private static final String NARROW =
      "{\"event_types\":[\"incident_created\"],\"severities\":[\"P0\"]}";
  private static final String INGEST_CHANNEL = ClusterFixture.KEY_PREFIX + ":ingest";
  private static final String SEQ_KEY = ClusterFixture.KEY_PREFIX + ":seq";
  private static final int REQUESTS_PER_INSTANCE = 60;
  private static final List<String> FROM_REDIS = List.of("single", "batch-a", "batch-b");

  private ClusterFixture cluster;

  @BeforeEach
  void startCluster() {
    REDIS.flushAll();
    cluster = ClusterFixture.start(REDIS.uri());
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void shouldDeliverEventsIngestedOnEveryInstanceOnceInOneSeqOrderToEveryClient() {
    List<WsTestClient> everything = new ArrayList<>();
    List<WsTestClient> narrow = new ArrayList<>();
    for (ClusterInstance instance : cluster.instances()) {
      everything.add(instance.subscribed("{}"));
      everything.add(instance.subscribed("{}"));
      narrow.add(instance.subscribed(NARROW));
    }
    Map<Long, Accepted> accepted = new ConcurrentHashMap<>();

    ExecutorService producers = Executors.newFixedThreadPool(cluster.instances().size());
    try {
      CompletableFuture.allOf(
              cluster.instances().stream()
                  .map(i -> CompletableFuture.runAsync(() -> ingestMix(i, accepted), producers))
                  .toArray(CompletableFuture[]::new))
          .join();
    } finally {
      producers.shutdown();
    }
    long total = accepted.size();
    long sentinel = seqOf(cluster.get(0).ingest(systemJson("sentinel")).body());

    assertThat(accepted.keySet())
        .as("one cluster-wide sequence: every accepted event got its own seq, none skipped")
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    assertThat(sentinel).isEqualTo(total + 1);
    List<Long> narrowSeqs =
        accepted.entrySet().stream()
            .filter(e -> e.getValue().matchesNarrow())
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    assertThat(narrowSeqs).isNotEmpty();
    everything.forEach(client -> Deliveries.awaitThrough(client, sentinel));
    narrow.forEach(
        client -> Deliveries.awaitThrough(client, narrowSeqs.get(narrowSeqs.size() - 1)));
    for (WsTestClient client : everything) {
      assertThat(Deliveries.seqs(client))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, sentinel).boxed().toList());
      client.events().stream()
          .filter(e -> e.path("seq").asLong() <= total)
          .forEach(
              e ->
                  assertThat(e.path("message_id").asText())
                      .as("message_id of seq %d", e.path("seq").asLong())
                      .isEqualTo(accepted.get(e.path("seq").asLong()).messageId()));
    }
    for (WsTestClient client : narrow) {
      assertThat(Deliveries.seqs(client)).containsExactlyElementsOf(narrowSeqs);
    }
  }

  @Test
  void shouldDeliverEventsPublishedStraightToRedisOnceToEveryClient() {
    List<WsTestClient> clients =
        cluster.instances().stream().map(instance -> instance.subscribed("{}")).toList();
    awaitIngestSubscribers();

    try (RespClient redis = REDIS.client()) {
      redis.call("PUBLISH", INGEST_CHANNEL, "not json");
      redis.call("PUBLISH", INGEST_CHANNEL, "{\"event_type\":\"no_such_event\"}");
      redis.call("PUBLISH", INGEST_CHANNEL, systemJson("single"));
      redis.call(
          "PUBLISH",
          INGEST_CHANNEL,
          "{\"tenant\":\"default\",\"events\":["
              + systemJson("batch-a")
              + ","
              + systemJson("batch-b")
              + "]}");
    }
    // Sequenced asynchronously by the instances: wait, so that the sentinel comes after them and
    // a copy sequenced by a second instance would show before it.
    for (WsTestClient client : clients) {
      await()
          .atMost(Deliveries.CATCH_UP)
          .until(() -> Deliveries.messages(client).containsAll(FROM_REDIS));
    }
    long sentinel = seqOf(cluster.get(1).ingest(systemJson("sentinel")).body());

    assertThat(sentinel).as("one seq per valid event: each sequenced by one instance").isEqualTo(4);
    clients.forEach(client -> Deliveries.awaitThrough(client, sentinel));
    List<String> order = Deliveries.messages(clients.get(0));
    // Separate messages are each claimed by whichever instance gets there first, so their
    // relative order is not promised; a batch's events stay together and in order.
    assertThat(order.subList(0, 3)).containsExactlyInAnyOrderElementsOf(FROM_REDIS);
    assertThat(order.indexOf("batch-b")).isEqualTo(order.indexOf("batch-a") + 1);
    for (WsTestClient client : clients) {
      assertThat(Deliveries.messages(client)).isEqualTo(order).endsWith("sentinel");
      assertThat(Deliveries.seqs(client)).containsExactly(1L, 2L, 3L, 4L);
    }
    try (RespClient redis = REDIS.client()) {
      assertThat(redis.call("GET", SEQ_KEY)).isEqualTo("4");
    }
    cluster.instances().forEach(instance -> assertThat(instance.readiness()).isEqualTo(200));
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

  /** Single events and batches of three, incidents of every severity and system events. */
  private static void ingestMix(ClusterInstance instance, Map<Long, Accepted> accepted) {
    for (int i = 0; i < REQUESTS_PER_INSTANCE; i++) {
      String severity = SEVERITIES[i % SEVERITIES.length];
      boolean batch = i % 4 == 0;
      String body =
          batch
              ? "["
                  + incidentCreatedJson(severity)
                  + ","
                  + systemJson(instance.instanceId())
                  + ","
                  + incidentCreatedJson("P0")
                  + "]"
              : incidentCreatedJson(severity);
      HttpResponse<String> response = instance.ingest(body);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      record(response.body(), batch ? List.of(severity, "-", "P0") : List.of(severity), accepted);
    }
  }

  private static void record(String body, List<String> severities, Map<Long, Accepted> accepted) {
    JsonNode answer = read(body);
    List<JsonNode> items = answer.isArray() ? toList(answer) : List.of(answer);
    long first = items.get(0).path("seq").asLong();
    IntStream.range(0, items.size())
        .forEach(
            i -> {
              JsonNode item = items.get(i);
              assertThat(item.path("seq").asLong())
                  .as("a batch gets consecutive seqs")
                  .isEqualTo(first + i);
              Accepted previous =
                  accepted.put(
                      item.path("seq").asLong(),
                      new Accepted(item.path("message_id").asText(), severities.get(i)));
              assertThat(previous).as("seq %d given twice", item.path("seq").asLong()).isNull();
            });
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static long seqOf(String body) {
    return read(body).path("seq").asLong();
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("unreadable ingest answer: " + body, e);
    }
  }

  /** An accepted event; severity "-" for a system event. */
  private record Accepted(String messageId, String severity) {
    boolean matchesNarrow() {
      return severity.equals("P0");
    }
  }
}
