package io.incidentstream.streaming.tracing.internal;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/**
 * Tracing is on exactly when an OTLP endpoint is configured ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * or the traces-only {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}; blank counts as unset). Off, the
 * OpenTelemetry SDK is never built: no exporter, no thread, no span.
 */
final class TracingSwitch {

  static final String ENDPOINT = "otel.exporter.otlp.endpoint";
  static final String TRACES_ENDPOINT = "otel.exporter.otlp.traces.endpoint";

  private TracingSwitch() {}

  static boolean on(PropertyResolver properties) {
    return configured(properties, ENDPOINT) || configured(properties, TRACES_ENDPOINT);
  }

  private static boolean configured(PropertyResolver properties, String key) {
    return properties.getProperty(key, String.class).filter(v -> !v.isBlank()).isPresent();
  }

  private static boolean on(ConditionContext<?> context) {
    return context.getBeanContext() instanceof PropertyResolver properties && on(properties);
  }

  /** Matches when tracing is on. */
  static final class On implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
      return TracingSwitch.on(context);
    }
  }

  /** Matches when tracing is off. */
  static final class Off implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
      return !TracingSwitch.on(context);
    }
  }
}
