package io.incidentstream.streaming.tracing.internal;

import io.incidentstream.domain.event.Receipt;
import io.incidentstream.streaming.tracing.IngestTrace;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request's ingest span, started as the request arrives; the events carry its own {@code
 * traceparent}, so every fan-out span is its child.
 */
final class LiveIngestTrace implements IngestTrace {

  private final Span span;
  private final @Nullable String traceparent;

  LiveIngestTrace(Span span) {
    this.span = span;
    this.traceparent = W3cTraceContext.of(span);
  }

  @Override
  public @Nullable String traceparent() {
    return traceparent;
  }

  @Override
  public void accepted(String tenant, List<Receipt> receipts) {
    IngestSpans.accepted(span, tenant, receipts);
    span.end();
  }

  @Override
  public void rejected(String reason, boolean serverFault) {
    IngestSpans.rejected(span, reason, serverFault);
    span.end();
  }

  @Override
  public void abandoned() {
    span.end();
  }
}
