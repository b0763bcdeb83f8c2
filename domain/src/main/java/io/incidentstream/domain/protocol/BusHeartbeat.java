package io.incidentstream.domain.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * One instance's heartbeat on the cluster bus. Immutable.
 *
 * @param sentNanos the sender's {@link System#nanoTime()} when it sent this: meaningful to the
 *     sender only, which measures the round trip when it hears its own heartbeat back
 * @param seq the stream's sequence counter when the heartbeat was published (0 when there is none)
 * @param epoch the stream's epoch when the heartbeat was published (empty when there is none)
 */
public record BusHeartbeat(
    String instanceId, Instant sentAt, long sentNanos, long seq, String epoch) {

  public BusHeartbeat {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(epoch, "epoch");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, was " + seq);
    }
  }
}
