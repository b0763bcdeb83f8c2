/**
 * The admin API's ports ({@code io.incidentstream.domain.port}) implemented over the running
 * stream: sessions, stats, session control, cluster members and the audit log; technology in {@code
 * internal}.
 */
@NullMarked
package io.incidentstream.streaming.admin;

import org.jspecify.annotations.NullMarked;
