/** Meters of third-party technology (Netty), bound to the application's registry. */
@NullMarked
package io.incidentstream.streaming.metrics.internal;

import org.jspecify.annotations.NullMarked;
