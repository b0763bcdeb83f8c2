package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production stall detector on the server's own event loops: a task that blocks one of them
 * (the test's hook: a task handed to the loop, as a careless handler would run) is counted in
 * {@code stream_event_loop_stalls_total}; until then the count stays at zero.
 */
@MicronautTest(environments = WsTestEnv.NAME)
class EventLoopStallIT {

  @Inject EmbeddedServer server;
  @Inject EventLoopGroupRegistry loops;
  @Inject MeterRegistry meters;

  @Test
  void shouldCountAServerEventLoopBlockedOnPurpose() throws InterruptedException {
    assertThat(server.isRunning()).isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> meters.find(MetricNames.EVENT_LOOP_STALLS).counter() != null);
    assertThat(stalls()).isZero();

    CountDownLatch release = new CountDownLatch(1);
    loops
        .getDefaultEventLoopGroup()
        .next()
        .execute(
            () -> {
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> stalls() >= 1);
    } finally {
      release.countDown();
    }
  }

  /** Stalls of the blocked kind: the loop's thread waits, as it does here on the latch. */
  private double stalls() {
    return meters
        .get(MetricNames.EVENT_LOOP_STALLS)
        .tag(MetricNames.TAG_KIND, MetricNames.STALL_BLOCKED)
        .counter()
        .count();
  }
}
