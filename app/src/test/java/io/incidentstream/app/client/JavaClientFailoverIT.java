package io.incidentstream.app.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.app.JarProcess;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java client fails over between instances of a cluster over a real {@code redis-server}
 * without a gap: once when its instance shuts down gracefully ({@code closing}, 1001), once when
 * its instance (the built jar, a separate JVM) is killed with SIGKILL. See {@link FailoverRace}.
 */
class JavaClientFailoverIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private ClusterFixture cluster;

  private ClusterFixture start(int instances) {
    REDIS.flushAll();
    cluster =
        ClusterFixture.builder(REDIS.uri())
            .instances(instances)
            .property("stream.security.jwt-secret", TestTokens.SECRET)
            .start();
    return cluster;
  }

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldResumeOnAnotherInstanceWithoutAGapWhenItsInstanceShutsDown() throws Exception {
    start(2);
    ClusterInstance staying = cluster.get(0);
    ClusterInstance leaving = cluster.get(1);

    Recorder recorder = race(staying).run(List.of(leaving.wsUri(), staying.wsUri()), leaving::stop);

    assertThat(recorder.log)
        .as("the client was told to go (1001) and came back at once")
        .anyMatch(line -> line.startsWith("RECONNECTING: closed 1001 (server shutting down)"));
  }

  @Test
  void shouldResumeOnAnotherInstanceWithoutAGapWhenItsInstanceIsKilled() throws Exception {
    start(1);
    ClusterInstance staying = cluster.get(0);
    try (JarProcess doomed =
        JarProcess.start(
            Map.of(
                "REDIS_URI",
                REDIS.uri(),
                "JWT_SECRET",
                TestTokens.SECRET,
                "STREAM_INSTANCE_ID",
                "doomed",
                "STREAM_CLUSTER_KEY_PREFIX",
                ClusterFixture.KEY_PREFIX,
                // Test clients read everything: a shed event would look like a gap.
                "STREAM_MAX_PENDING_MESSAGES",
                "100000",
                "STREAM_MAX_PENDING_BYTES",
                "256MB",
                // Starts faster on a busy machine; the instance only has to live for a while.
                "JAVA_TOOL_OPTIONS",
                "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"))) {
      String started = doomed.awaitLine(line -> line.contains("Startup completed"));
      URI doomedWs = URI.create("ws://127.0.0.1:" + port(started) + "/ws");

      Recorder recorder = race(staying).run(List.of(doomedWs, staying.wsUri()), doomed::kill);

      assertThat(recorder.connected.get(0)).contains("instance doomed");
    }
  }

  private static FailoverRace race(ClusterInstance publishing) {
    return new FailoverRace(
        publishing.bean(EventPublisher.class), publishing.bean(EventHistory.class));
  }

  private static int port(String startupLine) {
    return URI.create(startupLine.substring(startupLine.indexOf("http://")).trim()).getPort();
  }
}
