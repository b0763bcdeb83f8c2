package io.incidentstream.streaming.cluster;

import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.ResumeRace;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The resume race of {@link ResumeRace} across two instances over Redis: the publisher on one,
 * clients resuming on both.
 */
class ClusterResumeRaceIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private ClusterFixture cluster;

  @BeforeEach
  void startCluster() {
    REDIS.flushAll();
    cluster =
        ClusterFixture.builder(REDIS.uri())
            .instances(2)
            .property("stream.history-size", 100_000)
            .start();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void shouldGiveEveryClientResumingOnEitherInstanceExactlyItsMissedAndLiveEvents()
      throws Exception {
    ClusterInstance publishing = cluster.get(0);
    new ResumeRace(publishing.bean(EventPublisher.class), publishing.bean(EventHistory.class))
        .run(cluster.instances().stream().map(ClusterInstance::uri).toList());
  }
}
