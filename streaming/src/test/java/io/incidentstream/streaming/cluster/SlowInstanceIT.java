package io.incidentstream.streaming.cluster;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.fanout.Broadcaster;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.Deliveries;
import io.incidentstream.streaming.support.cluster.GatedBroadcaster;
import io.incidentstream.streaming.support.cluster.GatedBroadcasters;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An instance whose delivery is held up (its broadcaster blocked at a gate the test controls)
 * delays nobody else: clients of the other instances get every event while the gate is still
 * closed, including events ingested on the held-up instance; its own clients get them all once it
 * catches up. No timing threshold: "not delayed" means "complete before the slow one moved at all".
 */
class SlowInstanceIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final int EVENTS = 150;
  private static final int SLOW = 2;

  private ClusterFixture cluster;
  private GatedBroadcaster gate;

  @BeforeEach
  void startCluster() {
    REDIS.flushAll();
    cluster =
        ClusterFixture.builder(REDIS.uri())
            .property(SLOW, GatedBroadcasters.PROPERTY, true)
            .start();
    gate = (GatedBroadcaster) cluster.get(SLOW).bean(Broadcaster.class);
  }

  @AfterEach
  void stopCluster() {
    gate.open();
    cluster.close();
  }

  @Test
  void shouldDeliverToClientsOfFastInstancesWhileAnotherInstanceIsHeldUp() {
    List<WsTestClient> fast =
        List.of(cluster.get(0).subscribed("{}"), cluster.get(1).subscribed("{}"));
    WsTestClient slow = cluster.get(SLOW).subscribed("{}");
    cluster.get(0).ingest(systemJson("before"));
    Deliveries.awaitThrough(slow, 1);

    gate.close();
    cluster.get(0).ingest(systemJson("held"));
    await().until(gate::isWaiting);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    List<String> markers = IntStream.range(0, EVENTS).mapToObj(n -> "while-held-" + n).toList();
    for (int n = 0; n < EVENTS; n++) {
      answers.add(cluster.get(n % 3).ingestAsync(systemJson(markers.get(n))));
    }

    for (WsTestClient client : fast) {
      await()
          .atMost(Deliveries.CATCH_UP)
          .until(() -> Deliveries.messages(client).containsAll(markers));
    }
    assertThat(gate.isWaiting()).as("the slow instance is still held").isTrue();
    assertThat(Deliveries.messages(slow)).containsExactly("before");

    gate.open();

    answers.forEach(a -> assertThat(a.join().statusCode()).as(a.join().body()).isEqualTo(202));
    long last = EVENTS + 2;
    for (WsTestClient client : List.of(fast.get(0), fast.get(1), slow)) {
      Deliveries.awaitThrough(client, last);
      assertThat(Deliveries.seqs(client))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
    }
    assertThat(Deliveries.messages(slow)).containsAll(markers);
  }
}
