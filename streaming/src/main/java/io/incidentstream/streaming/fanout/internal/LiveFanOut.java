package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.MatchSink;
import io.incidentstream.domain.filter.TenantPartitionedIndex;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.metrics.StreamMetrics;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live fan-out of one event: the {@link TenantPartitionedIndex} (which looks only at the event's
 * own tenant's subscriptions and allocates nothing per match) hands over every matching connection;
 * the frame prefix is encoded once, on the first connection that takes the event, and shared by
 * all; connections still catching up after a resume are skipped (catch-up brings them the event
 * from the history). One failing recipient never stops the others. Not thread-safe: confined to the
 * dispatch thread.
 */
final class LiveFanOut {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFanOut.class);

  private final TenantPartitionedIndex<Connection> index;
  private final StreamPosition position;
  private final FrameEncoder encoder;
  private final StreamMetrics metrics;

  LiveFanOut(
      TenantPartitionedIndex<Connection> index,
      StreamPosition position,
      FrameEncoder encoder,
      StreamMetrics metrics) {
    this.index = index;
    this.position = position;
    this.encoder = encoder;
    this.metrics = metrics;
  }

  void dispatch(EventEnvelope envelope) {
    long seq = envelope.seq();
    if (!position.advanceTo(seq)) {
      return;
    }
    metrics.eventBroadcast();
    Delivery delivery = new Delivery(envelope);
    try {
      index.match(envelope.tenant(), envelope.event(), delivery);
    } catch (RuntimeException e) {
      LOG.error("matching or encoding event seq {} failed; not delivered", seq, e);
    } finally {
      delivery.releaseFrame();
    }
  }

  /** One event's delivery to the connections the index matched. */
  private final class Delivery implements MatchSink<Connection> {

    private final EventEnvelope envelope;
    private @Nullable PooledEventFrame frame;

    Delivery(EventEnvelope envelope) {
      this.envelope = envelope;
    }

    @Override
    public void matched(Connection connection, List<String> subscriptionIds) {
      Recipient recipient = connection.recipient;
      if (connection.catchingUp) {
        return;
      }
      PooledEventFrame shared = frame;
      if (shared == null) {
        shared = encoder.encode(envelope);
        frame = shared;
      }
      try {
        recipient.deliver(envelope, shared, subscriptionIds);
      } catch (RuntimeException e) {
        LOG.error("delivering seq {} to {} failed", envelope.seq(), recipient.id(), e);
      }
    }

    void releaseFrame() {
      if (frame != null) {
        frame.release();
        frame = null;
      }
    }
  }
}
