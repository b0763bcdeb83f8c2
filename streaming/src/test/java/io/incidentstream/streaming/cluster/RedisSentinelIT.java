package io.incidentstream.streaming.cluster;

import static io.incidentstream.streaming.support.TestEvents.incidentCreatedJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.redis.RedisSentinel;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code redis.uri} may name a Sentinel ({@code redis-sentinel://host:port#master}, what managed
 * and self-run highly available Redis offer): the instances find the master through a real sentinel
 * and cluster over it as over a plain {@code redis://} URI.
 */
class RedisSentinelIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void shouldClusterOverTheMasterASentinelNames() {
    assumeTrue(REDIS.isManaged(), "needs a redis-server of its own to put a sentinel in front of");
    REDIS.flushAll();
    try (RedisSentinel sentinel = RedisSentinel.watching(REDIS.port());
        ClusterFixture cluster = ClusterFixture.builder(sentinel.uri()).instances(2).start();
        WsTestClient client = cluster.get(1).subscribed("{}")) {

      HttpResponse<String> response = cluster.get(0).ingest(incidentCreatedJson("P1"));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      JsonNode event = client.awaitEvents(1).get(0);
      assertThat(event.path("seq").asLong()).isEqualTo(1);
      assertThat(event.path("event").path("event_type").asText()).isEqualTo("incident_created");
      try (RespClient master = REDIS.client()) {
        assertThat(master.call("GET", ClusterFixture.KEY_PREFIX + ":seq")).isEqualTo("1");
      }
    }
  }
}
