package io.incidentstream.streaming.tracing;

import io.incidentstream.domain.event.Receipt;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The trace of one producer request, from {@link StreamTracing#ingest} until exactly one of {@link
 * #accepted}, {@link #rejected} or {@link #abandoned}. Used by one request at a time.
 */
public interface IngestTrace {

  /** Tracing off. */
  IngestTrace OFF =
      new IngestTrace() {
        @Override
        public @Nullable String traceparent() {
          return null;
        }

        @Override
        public void accepted(String tenant, List<Receipt> receipts) {}

        @Override
        public void rejected(String reason, boolean serverFault) {}

        @Override
        public void abandoned() {}
      };

  /**
   * The {@code traceparent} the request's envelopes carry to every instance's fan-out: the ingest
   * span's own over HTTP; the producer's on the ingest channel (every instance receives the message
   * and only the one that publishes it records the span, after the fact). Null when tracing is off,
   * or on the ingest channel when the producer sent none.
   */
  @Nullable String traceparent();

  /** The request was sequenced: ends the span with its tenant, event count and seqs. */
  void accepted(String tenant, List<Receipt> receipts);

  /**
   * The request was refused: ends the span with {@code reason} (the {@code ingest.outcome}
   * attribute), in error when {@code serverFault} (the stream could not take it, not the producer's
   * mistake).
   */
  void rejected(String reason, boolean serverFault);

  /** Another instance took the request (ingest channel): nothing is recorded. */
  void abandoned();
}
