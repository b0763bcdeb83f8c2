package io.incidentstream.streaming.tracing.internal;

import io.incidentstream.domain.event.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code traceparent} string to an OpenTelemetry parent context and back, through the SDK's own
 * W3C propagator (the envelope carries {@code traceparent} only, not {@code tracestate}).
 * Stateless.
 */
final class W3cTraceContext {

  static final String TRACEPARENT = "traceparent";

  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<String> FROM_VALUE =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
          return List.of(TRACEPARENT);
        }

        @Override
        public @Nullable String get(@Nullable String carrier, String key) {
          return TRACEPARENT.equals(key) ? carrier : null;
        }
      };

  private W3cTraceContext() {}

  /** The context whose remote parent is {@code traceparent}; the root context without one. */
  static Context parent(@Nullable String traceparent) {
    String valid = TraceParent.parse(traceparent == null ? null : traceparent.trim());
    return valid == null ? Context.root() : W3C.extract(Context.root(), valid, FROM_VALUE);
  }

  /** The {@code traceparent} naming {@code span} as the parent, or null for an invalid span. */
  static @Nullable String of(Span span) {
    if (!span.getSpanContext().isValid()) {
      return null;
    }
    String[] value = new String[1];
    W3C.inject(
        Context.root().with(span),
        value,
        (carrier, key, v) -> {
          if (carrier != null && TRACEPARENT.equals(key)) {
            carrier[0] = v;
          }
        });
    return TraceParent.parse(value[0]);
  }
}
