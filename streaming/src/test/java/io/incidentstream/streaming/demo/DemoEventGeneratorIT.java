package io.incidentstream.streaming.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.support.TestBroadcaster;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@MicronautTest(environments = TestBroadcaster.ENV)
@Property(name = "stream.demo.enabled", value = "true")
@Property(name = "stream.demo.events-per-second", value = "200")
@Property(name = "stream.demo.tenant", value = "demo")
@Property(name = "stream.demo.seed", value = "7")
class DemoEventGeneratorIT {

  @Inject EventHistory history;
  @Inject TestBroadcaster broadcaster;

  @Test
  void shouldStartWithTheServerAndPublishThroughTheBus() {
    await().until(() -> history.lastSeq() >= 30);

    assertThat(broadcaster.received()).extracting(EventEnvelope::tenant).containsOnly("demo");
    assertThat(broadcaster.received()).extracting(EventEnvelope::seq).startsWith(1L, 2L, 3L);
  }
}
