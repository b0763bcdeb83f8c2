package io.incidentstream.streaming.tracing.internal;

import io.incidentstream.domain.event.Receipt;
import io.incidentstream.domain.event.TraceParent;
import io.incidentstream.streaming.tracing.IngestTrace;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.incidentstream.streaming.tracing.StreamTracing.Ingress;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An ingest-channel message's span. Every instance receives the message and only the one whose
 * claim wins publishes it, which it learns after the sequencing script ran: so the span is recorded
 * only then, back-dated to the message's arrival, and the events carry the producer's own {@code
 * traceparent} (the ingest span and the fan-out spans are siblings under the producer's span).
 */
final class DeferredIngestTrace implements IngestTrace {

  private final Tracer tracer;
  private final @Nullable String producerTraceparent;
  private final long startEpochNanos;

  DeferredIngestTrace(Tracer tracer, @Nullable String producerTraceparent, long startEpochNanos) {
    this.tracer = tracer;
    this.producerTraceparent = TraceParent.parse(producerTraceparent);
    this.startEpochNanos = startEpochNanos;
  }

  @Override
  public @Nullable String traceparent() {
    return producerTraceparent;
  }

  @Override
  public void accepted(String tenant, List<Receipt> receipts) {
    Span span = start();
    IngestSpans.accepted(span, tenant, receipts);
    span.end();
  }

  @Override
  public void rejected(String reason, boolean serverFault) {
    Span span = start();
    IngestSpans.rejected(span, reason, serverFault);
    span.end();
  }

  @Override
  public void abandoned() {
    // Another instance published the message and records its span.
  }

  private Span start() {
    Context parent = W3cTraceContext.parent(producerTraceparent);
    return tracer
        .spanBuilder(StreamTracing.INGEST_SPAN)
        .setParent(parent)
        .setSpanKind(SpanKind.CONSUMER)
        .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
        .setAttribute(SpanAttributes.INGEST_PATH, Ingress.REDIS.wire())
        .startSpan();
  }
}
