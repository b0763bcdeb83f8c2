package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.EventEnvelope;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A sequenced event as the cluster bus carries it between instances and keeps it in the shared
 * history: the envelope and the epoch of the stream its {@code seq} belongs to. Immutable.
 *
 * @param epoch the stream's epoch, {@code <random>:<base>}: it changes only when the sequence
 *     counter was lost, and the new epoch's seqs continue after {@code base}
 * @param encodedEvent the event's JSON as it arrived over the bus (decoded from bytes), so fan-out
 *     need not encode it again; null for an envelope built or decoded otherwise. Not part of
 *     equality: it is another form of {@code envelope.event()}, not more information.
 */
public record BusEnvelope(
    String epoch, EventEnvelope envelope, @Nullable EncodedEvent encodedEvent) {

  public BusEnvelope {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(envelope, "envelope");
  }

  public BusEnvelope(String epoch, EventEnvelope envelope) {
    this(epoch, envelope, null);
  }

  public long seq() {
    return envelope.seq();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BusEnvelope that
        && epoch.equals(that.epoch)
        && envelope.equals(that.envelope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, envelope);
  }

  @Override
  public String toString() {
    return "BusEnvelope[epoch=" + epoch + ", envelope=" + envelope + "]";
  }
}
