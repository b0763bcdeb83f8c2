package io.incidentstream.streaming.ingest;

import static io.incidentstream.streaming.support.TestEvents.system;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DefaultEventPublisherTest {

  private final List<String> tenants = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final DefaultEventPublisher publisher =
      new DefaultEventPublisher(
          (events, tenant, traceparent) -> {
            tenants.add(tenant);
            return CompletableFuture.completedFuture(
                events.stream()
                    .<Receipt>map(
                        e ->
                            new Receipt.Sequenced(
                                EventEnvelope.wrap(
                                    UUID.randomUUID(), 1, Instant.now(), tenant, e.event())))
                    .toList());
          },
          meters);

  @Test
  void shouldHandTheBatchToTheBus() {
    List<EventEnvelope> envelopes =
        publisher.publish(List.of(system("a"), system("b")), "acme").join();

    assertThat(envelopes).hasSize(2);
    assertThat(tenants).containsExactly("acme");
    assertThat(meters.timer(MetricNames.BUS_PUBLISH_LATENCY).count()).isEqualTo(1);
  }

  @Test
  void shouldPublishOneEventForTheDefaultTenant() {
    publisher.publish(system("a")).join();

    assertThat(tenants).containsExactly(EventEnvelope.DEFAULT_TENANT);
  }

  @Test
  void shouldAcceptExactlyTheMaximumBatch() {
    List<IncidentEvent> batch = Collections.nCopies(ProtocolCodec.MAX_BATCH_SIZE, system("a"));

    assertThat(publisher.publish(batch, "default").join()).hasSize(ProtocolCodec.MAX_BATCH_SIZE);
  }

  @Test
  void shouldRejectAnEmptyBatch() {
    assertThatThrownBy(() -> publisher.publish(List.of(), "default"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events");
    assertThat(tenants).isEmpty();
  }

  @Test
  void shouldRejectABatchOverTheMaximum() {
    List<IncidentEvent> batch = Collections.nCopies(ProtocolCodec.MAX_BATCH_SIZE + 1, system("a"));

    assertThatThrownBy(() -> publisher.publish(batch, "default"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most " + ProtocolCodec.MAX_BATCH_SIZE);
    assertThat(tenants).isEmpty();
  }

  @Test
  void shouldRejectAnInvalidTenant() {
    assertThatThrownBy(() -> publisher.publish(List.of(system("a")), "no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant");
    assertThat(tenants).isEmpty();
  }
}
