/** The in-memory {@link io.incidentstream.streaming.history.EventHistory} of embedded mode. */
@NullMarked
package io.incidentstream.streaming.history.internal;

import org.jspecify.annotations.NullMarked;
