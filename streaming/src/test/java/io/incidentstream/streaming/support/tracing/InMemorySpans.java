package io.incidentstream.streaming.support.tracing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * The hook the tracing tests use: micronaut-tracing adds a {@link SpanProcessor} bean to the SDK it
 * builds, so this one hands every ended span to an {@link InMemorySpanExporter} of the context.
 * Nothing of the stream's own tracing is replaced. Only with {@value #PROPERTY}.
 */
@Factory
@Requires(property = InMemorySpans.PROPERTY, value = "true")
public class InMemorySpans {

  public static final String PROPERTY = "test.tracing.in-memory";

  /**
   * Tracing on (an OTLP endpoint is set), spans into memory only: the OTLP exporter itself stays
   * off ({@code otel.traces.exporter: none}), so nothing is sent anywhere.
   */
  public static Map<String, Object> on() {
    return Map.of(
        PROPERTY,
        true,
        "otel.exporter.otlp.endpoint",
        "http://127.0.0.1:4318",
        "otel.traces.exporter",
        "none");
  }

  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }

  @Singleton
  SpanProcessor processor(InMemorySpanExporter exporter) {
    return SimpleSpanProcessor.create(exporter);
  }

  /** The spans of {@code exporter} named {@code name}, in the order they ended. */
  public static List<SpanData> named(InMemorySpanExporter exporter, String name) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }
}
