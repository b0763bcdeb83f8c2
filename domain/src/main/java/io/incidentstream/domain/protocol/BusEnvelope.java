package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.EventEnvelope;
import java.util.Objects;

/**
 * A sequenced event as the cluster bus carries it between instances and keeps it in the shared
 * history: the envelope and the epoch of the stream its {@code seq} belongs to. Immutable.
 *
 * @param epoch the stream's epoch, {@code <random>:<base>}: it changes only when the sequence
 *     counter was lost, and the new epoch's seqs continue after {@code base}
 */
public record BusEnvelope(String epoch, EventEnvelope envelope) {

  public BusEnvelope {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(envelope, "envelope");
  }

  public long seq() {
    return envelope.seq();
  }
}
