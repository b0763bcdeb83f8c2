package io.incidentstream.streaming.tracing.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.tracing.FanOutTrace;
import io.incidentstream.streaming.tracing.IngestTrace;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StreamTracing} on the OpenTelemetry SDK that micronaut-tracing-opentelemetry configures
 * from {@code otel.*} / {@code OTEL_*} settings (exporter, endpoint, sampler, service name). Spans:
 * {@value #INGEST_SPAN} (kind SERVER over HTTP, CONSUMER on the ingest channel) and {@value
 * #FAN_OUT_SPAN} (CONSUMER). Only when tracing is on ({@link TracingSwitch}). Thread-safe.
 */
@Singleton
@Requires(condition = TracingSwitch.On.class)
final class OpenTelemetryStreamTracing implements StreamTracing {

  static final String SCOPE = "io.incidentstream.streaming";

  private static final Logger LOG = LoggerFactory.getLogger(OpenTelemetryStreamTracing.class);
  private static final long SHUTDOWN_SECONDS = 10;

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final Clock clock = Clock.systemUTC();

  OpenTelemetryStreamTracing(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.tracer = openTelemetry.getTracer(SCOPE);
    LOG.info(
        "Tracing on: {} and {} spans are exported over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT)",
        INGEST_SPAN,
        FAN_OUT_SPAN);
  }

  @Override
  public IngestTrace ingest(Ingress ingress, @Nullable String traceparent) {
    if (ingress == Ingress.REDIS) {
      return new DeferredIngestTrace(tracer, traceparent, epochNanos(clock.instant()));
    }
    Span span =
        tracer
            .spanBuilder(INGEST_SPAN)
            .setParent(W3cTraceContext.parent(traceparent))
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(SpanAttributes.INGEST_PATH, ingress.wire())
            .startSpan();
    return new LiveIngestTrace(span);
  }

  @Override
  public FanOutTrace fanOut(EventEnvelope envelope) {
    Span span =
        tracer
            .spanBuilder(FAN_OUT_SPAN)
            .setParent(W3cTraceContext.parent(envelope.traceparent()))
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(SpanAttributes.SEQ, envelope.seq())
            .setAttribute(SpanAttributes.EVENT_TYPE, envelope.event().type().wire())
            .setAttribute(SpanAttributes.TENANT, envelope.tenant())
            .startSpan();
    return recipients -> {
      span.setAttribute(SpanAttributes.RECIPIENTS, recipients);
      span.end();
    };
  }

  /** Exports what is still buffered and stops the exporter's thread. */
  @PreDestroy
  void close() {
    if (openTelemetry instanceof OpenTelemetrySdk sdk) {
      CompletableResultCode done = sdk.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
      if (!done.isSuccess()) {
        LOG.warn("Tracing: spans not all exported within {} s of shutdown", SHUTDOWN_SECONDS);
      }
    }
  }

  private static long epochNanos(Instant at) {
    return TimeUnit.SECONDS.toNanos(at.getEpochSecond()) + at.getNano();
  }
}
