/**
 * The WebSocket load generator: opens many subscribed {@code /ws} connections to a server on this
 * machine, publishes stamped events through the ingest API, and reports end-to-end latency,
 * deliveries, drops, and the server's heap and CPU.
 */
@NullMarked
package io.incidentstream.perf.load;

import org.jspecify.annotations.NullMarked;
