package io.incidentstream.streaming.tracing.internal;

import io.incidentstream.streaming.tracing.StreamTracing;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** {@link StreamTracing#OFF} as the bean while no OTLP endpoint is configured. */
@Factory
final class TracingOff {

  @Singleton
  @Requires(condition = TracingSwitch.Off.class)
  StreamTracing streamTracing() {
    return StreamTracing.OFF;
  }
}
