/**
 * A Java client for the {@code /ws} stream: {@link io.incidentstream.client.IncidentStreamClient}
 * connects with a token, subscribes with filters, reconnects with backoff and resumes with {@code
 * since} and {@code epoch}, so its listeners get every matching event once, in {@code seq} order.
 * Plain Java 17: the {@code domain} module and {@code java.net.http} only.
 */
@NullMarked
package io.incidentstream.client;

import org.jspecify.annotations.NullMarked;
