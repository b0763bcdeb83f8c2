package io.incidentstream.streaming.ingest;

import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.cluster.ClusterBus;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a batch at the door (non-empty, at most {@link ProtocolCodec#MAX_BATCH_SIZE}, valid
 * tenant) and hands it to the {@link ClusterBus}. Stateless and thread-safe.
 */
@Singleton
public final class DefaultEventPublisher implements EventPublisher {

  private final ClusterBus bus;

  public DefaultEventPublisher(ClusterBus bus) {
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  @Override
  public CompletableFuture<List<Receipt>> submit(List<ProducedEvent> events, String tenant) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("events must not be empty");
    }
    if (events.size() > ProtocolCodec.MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "events must hold at most " + ProtocolCodec.MAX_BATCH_SIZE + ", was " + events.size());
    }
    return bus.submit(events, TenantIds.requireValid(tenant));
  }
}
