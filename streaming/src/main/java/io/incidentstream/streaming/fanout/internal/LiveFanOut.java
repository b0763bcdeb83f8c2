package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.MatchSink;
import io.incidentstream.domain.filter.TenantPartitionedIndex;
import io.incidentstream.domain.protocol.EncodedEvent;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.tracing.FanOutTrace;
import io.incidentstream.streaming.tracing.StreamTracing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live fan-out of one event: the {@link TenantPartitionedIndex} (which looks only at the event's
 * own tenant's subscriptions and allocates nothing per match) hands over every matching connection;
 * the frame prefix is encoded once, on the first connection that takes the event (from the event's
 * JSON as it came over the bus, when it did), each connection's {@code subscription_ids} come from
 * the {@link SuffixCache}, and the recipients are grouped by event loop: each loop gets one {@link
 * LoopBatch} task per event, never one per recipient. Connections still catching up after a resume
 * are skipped (catch-up brings them the event from the history). One failing recipient never stops
 * the others. Each event's fan-out is one span of {@link StreamTracing} (with tracing off, a shared
 * constant: nothing allocated), ended once every recipient's loop has its task. Not thread-safe:
 * confined to the dispatch thread.
 */
final class LiveFanOut {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFanOut.class);

  private final TenantPartitionedIndex<Connection> index;
  private final StreamPosition position;
  private final FrameEncoder encoder;
  private final SuffixCache suffixes;
  private final StreamMetrics metrics;
  private final StreamTracing tracing;
  private final Delivery delivery = new Delivery();

  LiveFanOut(
      TenantPartitionedIndex<Connection> index,
      StreamPosition position,
      FrameEncoder encoder,
      SuffixCache suffixes,
      StreamMetrics metrics,
      StreamTracing tracing) {
    this.index = index;
    this.position = position;
    this.encoder = encoder;
    this.suffixes = suffixes;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  void dispatch(EventEnvelope envelope) {
    dispatch(envelope, null);
  }

  /** Fans out {@code envelope}, its frame written with {@code encoded} as the event when given. */
  void dispatch(EventEnvelope envelope, @Nullable EncodedEvent encoded) {
    long seq = envelope.seq();
    if (!position.advanceTo(seq)) {
      return;
    }
    metrics.eventBroadcast();
    FanOutTrace trace = tracing.fanOut(envelope);
    delivery.start(envelope, encoded);
    try {
      index.match(envelope.tenant(), envelope.event(), delivery);
    } catch (RuntimeException e) {
      LOG.error("matching or encoding event seq {} failed; not delivered", seq, e);
    } finally {
      trace.end(delivery.handOver());
    }
  }

  /** The delivery of the event being dispatched; reused from one event to the next. */
  private final class Delivery implements MatchSink<Connection> {

    private final List<LoopBatch> batches = new ArrayList<>(4);

    /** The largest batch of the previous event: the next event's batches start that large. */
    private int sizeHint;

    /** Connections the event being dispatched was handed to so far. */
    private int recipients;

    private @Nullable EventEnvelope envelope;
    private @Nullable EncodedEvent encoded;
    private @Nullable PooledEventFrame frame;

    void start(EventEnvelope next, @Nullable EncodedEvent nextEncoded) {
      envelope = next;
      encoded = nextEncoded;
      recipients = 0;
    }

    @Override
    public void matched(Connection connection, List<String> subscriptionIds) {
      Recipient recipient = connection.recipient;
      EventEnvelope event = envelope;
      if (event == null || connection.catchingUp) {
        return;
      }
      PooledEventFrame shared = frame;
      if (shared == null) {
        shared = encoder.encode(event, encoded);
        frame = shared;
      }
      connection.countMatched(subscriptionIds);
      try {
        batchFor(recipient.executor(), event, shared).add(recipient, suffixes.get(subscriptionIds));
        recipients++;
      } catch (RuntimeException e) {
        LOG.error("delivering seq {} to {} failed", event.seq(), recipient.id(), e);
      }
    }

    /** Event loops are few: a scan beats a map, and allocates nothing. */
    private LoopBatch batchFor(Executor loop, EventEnvelope event, PooledEventFrame shared) {
      for (int i = 0, n = batches.size(); i < n; i++) {
        LoopBatch batch = batches.get(i);
        if (batch.loop == loop) {
          return batch;
        }
      }
      LoopBatch batch = new LoopBatch(loop, event, shared, sizeHint);
      batches.add(batch);
      return batch;
    }

    /**
     * One task per event loop; a loop that is gone gets its batch run here instead. Returns the
     * number of recipients handed over.
     */
    int handOver() {
      int largest = 0;
      try {
        for (int i = 0, n = batches.size(); i < n; i++) {
          LoopBatch batch = batches.get(i);
          largest = Math.max(largest, batch.size());
          try {
            batch.loop.execute(batch);
          } catch (RejectedExecutionException loopGone) {
            batch.run();
          }
        }
      } finally {
        sizeHint = largest;
        batches.clear();
        envelope = null;
        encoded = null;
        if (frame != null) {
          frame.release();
          frame = null;
        }
      }
      return recipients;
    }
  }
}
