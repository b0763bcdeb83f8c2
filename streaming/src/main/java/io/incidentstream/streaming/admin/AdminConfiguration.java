package io.incidentstream.streaming.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The {@code stream.admin.*} settings behind the admin API's ports.
 *
 * @param idleAfter a session with neither a client frame (pongs aside) nor an event for this long
 *     is {@code IDLE}; a subscribed session with an event within it is {@code ACTIVE}
 * @param clusterTimeout how long a cluster-wide read or command waits for each other instance
 * @param auditSize how many operator actions the audit log keeps
 */
@ConfigurationProperties("stream.admin")
public record AdminConfiguration(
    @Bindable(defaultValue = "60s") Duration idleAfter,
    @Bindable(defaultValue = "2s") Duration clusterTimeout,
    @Bindable(defaultValue = "1000") int auditSize) {}
