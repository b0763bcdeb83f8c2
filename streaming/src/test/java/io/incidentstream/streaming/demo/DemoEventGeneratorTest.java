package io.incidentstream.streaming.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.streaming.StreamingException;
import io.incidentstream.streaming.ingest.EventPublisher;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DemoEventGeneratorTest {

  private final List<String> tenants = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  @Test
  void shouldPublishForTheConfiguredTenantOnItsOwnThread() {
    List<String> threads = new CopyOnWriteArrayList<>();
    EventPublisher publisher =
        (events, tenant, traceparent) -> {
          threads.add(Thread.currentThread().getName());
          return accept(events, tenant);
        };
    try (DemoEventGenerator generator =
        new DemoEventGenerator(publisher, new DemoConfiguration(true, 1000, "acme", 4L))) {
      generator.start();

      await().until(() -> calls.get() >= 20);
    }
    assertThat(tenants).containsOnly("acme");
    assertThat(threads).containsOnly(DemoEventGenerator.THREAD_NAME);
  }

  @Test
  void shouldKeepGoingWhenPublishingFails() {
    EventPublisher publisher =
        (events, tenant, traceparent) -> {
          calls.incrementAndGet();
          if (calls.get() % 2 == 0) {
            throw new IllegalStateException("publisher blew up");
          }
          return CompletableFuture.failedFuture(new StreamingException("overloaded"));
        };
    try (DemoEventGenerator generator =
        new DemoEventGenerator(publisher, new DemoConfiguration(true, 1000, "default", 4L))) {
      generator.start();

      await().until(() -> calls.get() >= 10);
    }
  }

  private CompletableFuture<List<Receipt>> accept(List<ProducedEvent> events, String tenant) {
    tenants.add(tenant);
    long seq = calls.incrementAndGet();
    return CompletableFuture.completedFuture(
        List.of(
            new Receipt.Sequenced(
                EventEnvelope.wrap(
                    UUID.randomUUID(), seq, Instant.now(), tenant, events.get(0).event()))));
  }
}
