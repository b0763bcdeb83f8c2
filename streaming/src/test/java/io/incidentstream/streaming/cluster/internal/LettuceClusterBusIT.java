package io.incidentstream.streaming.cluster.internal;

import static io.incidentstream.streaming.support.TestEvents.system;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis bus on one instance against a real redis-server: sequencing, order, gaps, scripts. */
class LettuceClusterBusIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final RedisKeys KEYS = new RedisKeys("incident-stream");

  private final ClusterCodec codec = new ClusterCodec();
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
