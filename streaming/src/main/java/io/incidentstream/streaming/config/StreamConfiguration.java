package io.incidentstream.streaming.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code stream.*} settings of DESIGN section 8. Every one can be overridden by an environment
 * variable: {@code stream.max-pending-messages} is {@code STREAM_MAX_PENDING_MESSAGES}.
 *
 * @param maxPendingMessages events queued for one connection before shedding starts
 * @param maxPendingBytes bytes queued for one connection before shedding starts
 * @param heartbeatInterval how often the server sends a WebSocket ping to each connection
 * @param sessionTimeout a connection with no client frame for this long is closed with 4000
 * @param cleanupInterval how often the registry looks for idle or dead sessions
 * @param maxMessageSize largest client frame accepted; larger gets MESSAGE_TOO_LARGE and 1009
 * @param maxSubscriptionsPerSession subscriptions one connection may hold
 * @param maxConnections open /ws connections per instance
 * @param maxConnectionsPerAddress open /ws connections per client address
 * @param maxMessagesPerSecond client messages one connection may send per second
 * @param historySize events kept for resume
 * @param historyRetention events younger than this are kept for resume even past historySize
 * @param instanceId this instance's id; a random one when unset
 * @param compression permessage-deflate on /ws (costs ~88 KB native memory per connection)
 * @param shutdownGrace how long shutdown waits for queued frames to flush
 */
@ConfigurationProperties("stream")
public record StreamConfiguration(
    @Bindable(defaultValue = "1000") int maxPendingMessages,
    @Bindable(defaultValue = "1MB") @ReadableBytes long maxPendingBytes,
    @Bindable(defaultValue = "30s") Duration heartbeatInterval,
    @Bindable(defaultValue = "300s") Duration sessionTimeout,
    @Bindable(defaultValue = "60s") Duration cleanupInterval,
    @Bindable(defaultValue = "64KB") @ReadableBytes int maxMessageSize,
    @Bindable(defaultValue = "100") int maxSubscriptionsPerSession,
    @Bindable(defaultValue = "50000") int maxConnections,
    @Bindable(defaultValue = "1000") int maxConnectionsPerAddress,
    @Bindable(defaultValue = "100") int maxMessagesPerSecond,
    @Bindable(defaultValue = "10000") int historySize,
    @Bindable(defaultValue = "10m") Duration historyRetention,
    @Nullable String instanceId,
    @Bindable(defaultValue = "false") boolean compression,
    @Bindable(defaultValue = "10s") Duration shutdownGrace) {}
