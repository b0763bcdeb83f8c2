package io.incidentstream.streaming.cluster.internal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code stream.cluster.*} settings of the Redis bus (used when {@code redis.uri} is set). A
 * bad value fails start-up with a message naming the key.
 *
 * @param keyPrefix prefix of every Redis key and channel the cluster uses
 * @param heartbeatInterval how often each instance publishes a bus heartbeat (and refreshes its
 *     view of the members)
 * @param heartbeatTimeout own heartbeat not heard back for this long: the bus is unhealthy and
 *     resubscribes
 * @param membershipTtl lifetime of an instance's membership key, refreshed every third of it
 * @param reconnectMinBackoff first delay before reconnecting to Redis
 * @param reconnectMaxBackoff the delay doubles up to this
 * @param commandTimeout a Redis command not answered in this time fails (a publish then answers
 *     503)
 * @param historySize MAXLEN (approximate) of the shared history stream; {@code stream.history-size}
 *     when unset
 * @param advertisedAddress the address other instances and operators see; the embedded server's
 *     {@code host:port} when unset
 * @param ingestDedupeTtl how long the instances remember a message of the ingest channel, so that
 *     exactly one of them publishes it
 * @param ingestMaxSize largest message accepted on the ingest channel
 */
@ConfigurationProperties("stream.cluster")
public record ClusterConfiguration(
    @Bindable(defaultValue = "incident-stream") String keyPrefix,
    @Bindable(defaultValue = "1s") Duration heartbeatInterval,
    @Bindable(defaultValue = "5s") Duration heartbeatTimeout,
    @Bindable(defaultValue = "10s") Duration membershipTtl,
    @Bindable(defaultValue = "100ms") Duration reconnectMinBackoff,
    @Bindable(defaultValue = "10s") Duration reconnectMaxBackoff,
    @Bindable(defaultValue = "2s") Duration commandTimeout,
    @Nullable Integer historySize,
    @Nullable String advertisedAddress,
    @Bindable(defaultValue = "30s") Duration ingestDedupeTtl,
    @Bindable(defaultValue = "10MB") @ReadableBytes int ingestMaxSize) {

  private static final String PREFIX = "stream.cluster.";
  private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9._:{}-]{1,64}");

  public ClusterConfiguration {
    if (!KEY_PREFIX.matcher(keyPrefix).matches()) {
      throw invalid(
          "key-prefix", "be 1-64 characters of [A-Za-z0-9._:{}-], was \"" + keyPrefix + "\"");
    }
    requirePositive("heartbeat-interval", heartbeatInterval);
    requirePositive("heartbeat-timeout", heartbeatTimeout);
    if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      throw invalid(
          "heartbeat-timeout",
          "be longer than stream.cluster.heartbeat-interval ("
              + heartbeatInterval
              + "), was "
              + heartbeatTimeout);
    }
    if (membershipTtl.toMillis() < 3) {
      throw invalid("membership-ttl", "be at least 3ms, was " + membershipTtl);
    }
    requirePositive("reconnect-min-backoff", reconnectMinBackoff);
    if (reconnectMaxBackoff.compareTo(reconnectMinBackoff) < 0) {
      throw invalid(
          "reconnect-max-backoff",
          "be at least stream.cluster.reconnect-min-backoff ("
              + reconnectMinBackoff
              + "), was "
              + reconnectMaxBackoff);
    }
    requirePositive("command-timeout", commandTimeout);
    if (historySize != null && historySize < 1) {
      throw invalid("history-size", "be >= 1, was " + historySize);
    }
    if (advertisedAddress != null && advertisedAddress.isBlank()) {
      throw invalid("advertised-address", "not be blank");
    }
    if (ingestDedupeTtl.toMillis() < 1) {
      throw invalid("ingest-dedupe-ttl", "be at least 1ms, was " + ingestDedupeTtl);
    }
    if (ingestMaxSize < 1) {
      throw invalid("ingest-max-size", "be >= 1 byte, was " + ingestMaxSize);
    }
  }

  /** The history stream's MAXLEN: {@code historySize}, else {@code streamHistorySize}. */
  public int historySize(int streamHistorySize) {
    return historySize == null ? streamHistorySize : historySize;
  }

  /** How often the membership key is refreshed: a third of its TTL. */
  public Duration membershipRefresh() {
    return membershipTtl.dividedBy(3);
  }

  private static void requirePositive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw invalid(key, "be positive, was " + value);
    }
  }

  private static IllegalArgumentException invalid(String key, String rule) {
    return new IllegalArgumentException(PREFIX + key + " must " + rule);
  }
}
