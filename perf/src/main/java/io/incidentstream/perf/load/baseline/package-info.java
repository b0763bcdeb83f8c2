/**
 * The comparison server: the same {@code /ws} and ingest wire format on Micronaut's own {@code
 * WebSocketBroadcaster}, which tests a predicate against every open session for each event.
 */
@NullMarked
package io.incidentstream.perf.load.baseline;

import org.jspecify.annotations.NullMarked;
