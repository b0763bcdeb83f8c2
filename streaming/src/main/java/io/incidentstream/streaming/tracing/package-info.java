/**
 * Tracing of the stream's units of work (a producer's ingest request, one event's fan-out on this
 * instance) behind the {@link io.incidentstream.streaming.tracing.StreamTracing} port; the
 * OpenTelemetry side is in {@code internal}.
 */
@NullMarked
package io.incidentstream.streaming.tracing;

import org.jspecify.annotations.NullMarked;
