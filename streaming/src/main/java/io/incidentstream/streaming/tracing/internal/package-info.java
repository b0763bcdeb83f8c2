/** The OpenTelemetry side of {@link io.incidentstream.streaming.tracing.StreamTracing}. */
@NullMarked
package io.incidentstream.streaming.tracing.internal;

import org.jspecify.annotations.NullMarked;
