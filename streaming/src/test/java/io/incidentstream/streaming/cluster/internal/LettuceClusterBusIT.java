package io.incidentstream.streaming.cluster.internal;

import static io.incidentstream.streaming.support.TestEvents.system;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.EncodedEvent;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.cluster.ClusterBus;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Redis bus on one instance against a real redis-server: sequencing, order, gaps, scripts. */
class LettuceClusterBusIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final RedisKeys KEYS = new RedisKeys("incident-stream");

  private final ClusterCodec codec = new ClusterCodec();
  private final ProtocolCodec protocol = new ProtocolCodec();
  private BusNode node;

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    node = BusNode.start(REDIS, "bus-it");
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  @Test
  void shouldSequenceABatchAtomicallyIntoHistoryAndChannel() {
    List<EventEnvelope> accepted = publish(system("a"), system("b"), system("c"));

    assertThat(accepted).extracting(EventEnvelope::seq).containsExactly(1L, 2L, 3L);
    try (RespClient redis = REDIS.client()) {
      assertThat(redis.call("GET", KEYS.seq())).isEqualTo("3");
      List<?> entries = (List<?>) redis.call("XRANGE", KEYS.history(), "-", "+");
      assertThat(entries).hasSize(3);
      for (int i = 0; i < 3; i++) {
        List<?> entry = (List<?>) entries.get(i);
        assertThat(entry.get(0)).isEqualTo((i + 1) + "-0");
        BusEnvelope stored = decode((String) ((List<?>) entry.get(1)).get(1));
        assertThat(stored.envelope()).isEqualTo(accepted.get(i));
      }
    }
    await().until(() -> node.broadcaster().received().size() == 3);
    assertThat(node.broadcaster().received()).isEqualTo(accepted);
    assertThat(node.history().range(0, 3).events()).isEqualTo(accepted);
  }

  @Test
  void shouldCarryATraceParentThroughRedisToEveryInstanceAndItsHistory() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    try (BusNode other = BusNode.start(REDIS, "other")) {
      List<EventEnvelope> traced =
          ClusterBus.envelopes(
              node.bus()
                  .submit(List.of(ProducedEvent.of(system("traced"))), "default", traceparent)
                  .join());
      List<EventEnvelope> untraced = publish(system("untraced"));

      await().until(() -> other.broadcaster().received().size() == 2);
      assertThat(other.broadcaster().received())
          .containsExactly(traced.get(0), untraced.get(0))
          .extracting(EventEnvelope::traceparent)
          .containsExactly(traceparent, null);
      try (RespClient redis = REDIS.client()) {
        assertThat(storedData(redis, 1)).contains("\"traceparent\":\"" + traceparent + "\"");
        assertThat(storedData(redis, 2)).doesNotContain("traceparent");
      }
    }
  }

  @Test
  void shouldGiveConcurrentBatchesContiguousSeqsAndDeliverAllInOrder() {
    int batches = 40;
    int size = 25;
    List<CompletableFuture<List<EventEnvelope>>> futures = new ArrayList<>();
    IntStream.range(0, batches)
        .parallel()
        .forEach(
            b -> {
              List<IncidentEvent> batch =
                  IntStream.range(0, size).mapToObj(i -> system(b + "-" + i)).toList();
              synchronized (futures) {
                futures.add(node.bus().publish(batch, "default"));
              }
            });

    List<Long> all = new ArrayList<>();
    for (CompletableFuture<List<EventEnvelope>> future : futures) {
      List<Long> seqs = future.join().stream().map(EventEnvelope::seq).toList();
      assertThat(seqs)
          .isEqualTo(LongStream.range(seqs.get(0), seqs.get(0) + size).boxed().toList());
      all.addAll(seqs);
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(range(1, batches * size));
    await().until(() -> node.broadcaster().received().size() == batches * size);
    assertThat(node.broadcaster().received())
        .extracting(EventEnvelope::seq)
        .isEqualTo(range(1, batches * size));
  }

  @Test
  void shouldPreloadTheSharedHistoryWhenAnInstanceStarts() {
    List<EventEnvelope> accepted = publish(system("a"), system("b"), system("c"));

    try (BusNode late = BusNode.start(REDIS, "late")) {
      assertThat(late.history().range(0, 3).events()).isEqualTo(accepted);
      assertThat(late.broadcaster().received()).isEqualTo(accepted);

      List<EventEnvelope> next = publish(system("d"));
      await().until(() -> late.broadcaster().received().size() == 4);
      assertThat(late.broadcaster().received().get(3)).isEqualTo(next.get(0));
      assertThat(late.dropped(ClusterMetrics.Drop.MISSING)).isZero();
    }
  }

  @Test
  void shouldDropAnEnvelopeItAlreadyDelivered() {
    publish(system("once"));
    await().until(() -> node.broadcaster().received().size() == 1);

    try (RespClient redis = REDIS.client()) {
      redis.call("PUBLISH", KEYS.eventsChannel(), storedData(redis, 1));
    }

    await().until(() -> node.dropped(ClusterMetrics.Drop.DUPLICATE) == 1);
    publish(system("next"));
    await().until(() -> node.broadcaster().received().size() == 2);
    assertThat(node.broadcaster().received())
        .extracting(EventEnvelope::seq)
        .containsExactly(1L, 2L);
  }

  @Test
  void shouldBackfillAnEventWhosePublishItMissed() {
    publish(system("first"));
    try (RespClient redis = REDIS.client()) {
      addWithoutPublish(redis, system("never published"));
    }

    publish(system("third"));

    await().until(() -> node.broadcaster().received().size() == 3);
    assertThat(node.broadcaster().received())
        .extracting(EventEnvelope::seq)
        .containsExactly(1L, 2L, 3L);
    assertThat(node.broadcaster().received().get(1).event()).isEqualTo(system("never published"));
    assertThat(node.counter(MetricNames.CLUSTER_BACKFILLED)).isEqualTo(1);
  }

  @Test
  void shouldBackfillWhenOnlyAHeartbeatShowsTheCounterMoved() {
    publish(system("first"));
    try (RespClient redis = REDIS.client()) {
      addWithoutPublish(redis, system("quiet"));
    }

    await().until(() -> node.broadcaster().received().size() == 2);
    assertThat(node.broadcaster().received().get(1).event()).isEqualTo(system("quiet"));
    assertThat(node.history().lastSeq()).isEqualTo(2);
  }

  @Test
  void shouldCountASeqTheHistoryNeverGotAndGoOn() {
    publish(system("first"));
    try (RespClient redis = REDIS.client()) {
      redis.call("INCR", KEYS.seq());
    }

    publish(system("third"));

    await().until(() -> node.broadcaster().received().size() == 2);
    assertThat(node.broadcaster().received())
        .extracting(EventEnvelope::seq)
        .containsExactly(1L, 3L);
    assertThat(node.dropped(ClusterMetrics.Drop.MISSING)).isEqualTo(1);
  }

  @Test
  void shouldDropAnUndecodableEnvelopeAndKeepDelivering() {
    try (RespClient redis = REDIS.client()) {
      redis.call("PUBLISH", KEYS.eventsChannel(), "{\"seq\":1,\"not\":\"an envelope\"");
    }

    publish(system("fine"));

    await().until(() -> node.broadcaster().received().size() == 1);
    assertThat(node.dropped(ClusterMetrics.Drop.INVALID)).isEqualTo(1);
  }

  @Test
  void shouldHandFanOutEachEventsJsonAsTheBusCarriedItLiveAndBackfilled() {
    IncidentEvent escaped =
        new SystemEvent("deploy", "é \"q\" 😀 \\ \u0001 </script>", Map.of("ключ", "ü"));
    publish(escaped);
    try (RespClient redis = REDIS.client()) {
      addWithoutPublish(redis, system("never published"));
    }

    publish(system("third"));

    await().until(() -> node.broadcaster().received().size() == 3);
    List<EventEnvelope> received = node.broadcaster().received();
    List<Optional<EncodedEvent>> encoded = node.broadcaster().encodedEvents();
    for (int i = 0; i < received.size(); i++) {
      assertThat(encoded.get(i))
          .as("seq %d", received.get(i).seq())
          .get()
          .extracting(EncodedEvent::toByteArray)
          .isEqualTo(protocol.encodeEvent(received.get(i).event()));
    }
    assertThat(received.get(0).event()).isEqualTo(escaped);
  }

  @Test
  void shouldCarryAMebibyteEventAsItsBytes() {
    IncidentEvent large = new SystemEvent("deploy", "ü".repeat(512 * 1024), Map.of());

    publish(large);

    await().until(() -> node.broadcaster().received().size() == 1);
    assertThat(node.broadcaster().encodedEvents().get(0))
        .get()
        .extracting(EncodedEvent::toByteArray)
        .isEqualTo(protocol.encodeEvent(large));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "invalid UTF-8",
        "overlong UTF-8",
        "UTF-8 surrogate",
        "NUL byte",
        "UTF-16",
        "truncated",
        "event not an object",
        "empty"
      })
  void shouldSkipBadBytesOnTheBusAndKeepDelivering(String kind) {
    try (RespClient redis = REDIS.client()) {
      byte[] channel = KEYS.eventsChannel().getBytes(StandardCharsets.UTF_8);
      redis.call("PUBLISH".getBytes(StandardCharsets.US_ASCII), channel, badPayload(kind));
    }

    publish(system("fine"));

    await().until(() -> node.broadcaster().received().size() == 1);
    assertThat(node.dropped(ClusterMetrics.Drop.INVALID)).isEqualTo(1);
    assertThat(node.broadcaster().received().get(0).event()).isEqualTo(system("fine"));
    assertThat(node.broadcaster().encodedEvents().get(0))
        .get()
        .extracting(EncodedEvent::toByteArray)
        .isEqualTo(protocol.encodeEvent(system("fine")));
  }

  /** An envelope for seq 1 of the current epoch, spoilt as {@code kind} says. */
  private byte[] badPayload(String kind) {
    EventEnvelope envelope =
        EventEnvelope.wrap(UUID.randomUUID(), 1, Instant.now(), "default", system("MARK"));
    String text = new String(codec.encodeEnvelope(new BusEnvelope(epoch(), envelope)), UTF_8);
    return switch (kind) {
      case "invalid UTF-8" -> spliced(text, new byte[] {(byte) 0xFF});
      case "overlong UTF-8" -> spliced(text, new byte[] {(byte) 0xC0, (byte) 0xAF});
      case "UTF-8 surrogate" -> spliced(text, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
      case "NUL byte" -> spliced(text, new byte[] {0});
      case "UTF-16" -> text.getBytes(StandardCharsets.UTF_16LE);
      case "truncated" -> text.substring(0, text.length() - 2).getBytes(UTF_8);
      case "event not an object" ->
          (text.substring(0, text.indexOf("\"event\":") + 8) + "[\"x\"]}").getBytes(UTF_8);
      case "empty" -> new byte[0];
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** {@code text} as UTF-8 with {@code bytes} in place of its {@code MARK}. */
  private static byte[] spliced(String text, byte[] bytes) {
    int at = text.indexOf("MARK");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.substring(0, at).getBytes(UTF_8));
    out.writeBytes(bytes);
    out.writeBytes(text.substring(at + 4).getBytes(UTF_8));
    return out.toByteArray();
  }

  @Test
  void shouldReloadItsScriptAfterScriptFlush() {
    publish(system("before"));
    try (RespClient redis = REDIS.client()) {
      redis.call("SCRIPT", "FLUSH");
      assertThat(redis.call("SCRIPT", "EXISTS", BusScripts.SEQUENCE.sha())).isEqualTo(List.of(0L));

      List<EventEnvelope> after = publish(system("after"));

      assertThat(after).extracting(EventEnvelope::seq).containsExactly(2L);
      assertThat(redis.call("SCRIPT", "EXISTS", BusScripts.SEQUENCE.sha())).isEqualTo(List.of(1L));
    }
  }

  @Test
  void shouldContinueAboveDeliveryWhenRedisLostItsData() {
    publish(system("a"), system("b"), system("c"));
    await().until(() -> node.broadcaster().received().size() == 3);
    String before = epoch();

    REDIS.flushAll();
    List<EventEnvelope> after = publish(system("d"));

    assertThat(after).extracting(EventEnvelope::seq).containsExactly(4L);
    assertThat(epoch()).isNotEqualTo(before).endsWith(":3");
    await().until(() -> node.broadcaster().received().size() == 4);
    assertThat(node.broadcaster().restarts()).isEmpty();
    assertThat(node.history().range(0, 4).events()).hasSize(4);
    assertThat(node.counter(MetricNames.CLUSTER_EPOCH_CHANGES)).isEqualTo(1);
  }

  @Test
  void shouldRestartWhenTheNewEpochNumbersBelowWhatWasDelivered() {
    publish(system("a"), system("b"), system("c"));
    await().until(() -> node.broadcaster().received().size() == 3);
    try (RespClient redis = REDIS.client()) {
      // What an instance that knew only seq 1 leaves behind after Redis lost everything.
      redis.call("FLUSHALL");
      redis.call("SET", KEYS.seq(), "1");
      redis.call("SET", KEYS.epoch(), "0123456789abcdef:1");
    }

    List<EventEnvelope> after = publish(system("d"));

    assertThat(after).extracting(EventEnvelope::seq).containsExactly(2L);
    await().until(() -> node.broadcaster().received().size() == 4);
    assertThat(node.broadcaster().restarts()).containsExactly(1L);
    assertThat(node.history().range(0, 10).events())
        .extracting(EventEnvelope::seq)
        .containsExactly(2L);
  }

  @Test
  void shouldBackfillWhatOthersPublishedWhileItsConnectionsWereDown() {
    Map<String, Object> slow =
        Map.of(
            "stream.cluster.reconnect-min-backoff", "2s",
            "stream.cluster.reconnect-max-backoff", "4s");
    try (BusNode away = BusNode.start(REDIS, "away", slow)) {
      publish(system("seen live"));
      await().until(() -> away.broadcaster().received().size() == 1);

      double reconnects = away.counter(MetricNames.CLUSTER_RECONNECTS);
      try (RespClient redis = REDIS.client()) {
        killConnections(redis, "incident-stream:away:");
      }
      publish(system("missed 1"), system("missed 2"), system("missed 3"));
      assertThat(away.counter(MetricNames.CLUSTER_RECONNECTS))
          .as("still reconnecting when the others published")
          .isEqualTo(reconnects);

      await().until(() -> away.broadcaster().received().size() == 4);
      assertThat(away.broadcaster().received())
          .extracting(EventEnvelope::seq)
          .containsExactly(1L, 2L, 3L, 4L);
      assertThat(away.counter(MetricNames.CLUSTER_BACKFILLED)).isEqualTo(3);
      // Both connections come back; each reconnect is counted on the bus's control thread, which
      // may run just after the back-filled events reached the broadcaster.
      await()
          .untilAsserted(
              () ->
                  assertThat(away.counter(MetricNames.CLUSTER_RECONNECTS))
                      .isGreaterThanOrEqualTo(reconnects + 2));
      await().until(() -> away.bus().status().healthy());
    }
  }

  /** CLIENT KILL every connection whose name starts with {@code prefix}. */
  private static void killConnections(RespClient redis, String prefix) {
    String clients = (String) redis.call("CLIENT", "LIST");
    List<String> ids =
        clients
            .lines()
            .filter(line -> line.contains(" name=" + prefix))
            .map(line -> line.substring(3, line.indexOf(' ')))
            .toList();
    assertThat(ids).hasSize(2);
    for (String id : ids) {
      redis.call("CLIENT", "KILL", "ID", id);
    }
  }

  /** What a publisher whose PUBLISH this instance missed leaves behind: counter and history. */
  private void addWithoutPublish(RespClient redis, IncidentEvent event) {
    long seq = (Long) redis.call("INCR", KEYS.seq());
    EventEnvelope envelope =
        EventEnvelope.wrap(UUID.randomUUID(), seq, Instant.now(), "default", event);
    String data =
        new String(
            codec.encodeEnvelope(new BusEnvelope(epoch(), envelope)), StandardCharsets.UTF_8);
    redis.call("XADD", KEYS.history(), seq + "-0", "data", data);
  }

  private String storedData(RespClient redis, long seq) {
    List<?> entries = (List<?>) redis.call("XRANGE", KEYS.history(), seq + "-0", seq + "-0");
    return (String) ((List<?>) ((List<?>) entries.get(0)).get(1)).get(1);
  }

  private static String epoch() {
    try (RespClient redis = REDIS.client()) {
      return (String) redis.call("GET", KEYS.epoch());
    }
  }

  private List<EventEnvelope> publish(IncidentEvent... events) {
    return node.bus().publish(List.of(events), "default").join();
  }

  private BusEnvelope decode(String json) {
    Decoded<BusEnvelope> decoded = codec.decodeEnvelope(json);
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<BusEnvelope>) decoded).value();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
