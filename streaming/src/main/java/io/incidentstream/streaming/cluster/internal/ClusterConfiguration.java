package io.incidentstream.streaming.cluster.internal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.core.value.PropertyResolver;
import java.time.Duration;
import java.util.List;
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
  private static final Pattern READABLE_BYTES =
      Pattern.compile("[0-9]+(KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
  private static final List<String> DURATIONS =
      List.of(
          "heartbeat-interval",
          "heartbeat-timeout",
          "membership-ttl",
          "reconnect-min-backoff",
          "reconnect-max-backoff",
          "command-timeout",
          "ingest-dedupe-ttl");

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

  /**
   * Fails on a {@code stream.cluster.*} value that does not convert to its type. Micronaut binds
   * such a value as if it were absent, so {@code heartbeat-interval: 1 second} would silently run
   * with the default.
   */
  public static void requireConvertible(PropertyResolver properties) {
    for (String key : DURATIONS) {
      requireConvertible(properties, key, Duration.class, "a duration such as 500ms, 5s or 1m");
    }
    requireConvertible(properties, "history-size", Integer.class, "a whole number");
    String size = properties.get(PREFIX + "ingest-max-size", String.class).orElse(null);
    if (size != null && !READABLE_BYTES.matcher(size.trim()).matches()) {
      throw invalid(
          "ingest-max-size", "be a size such as 65536, 64KB or 10MB, was \"" + size + "\"");
    }
  }

  private static void requireConvertible(
      PropertyResolver properties, String key, Class<?> type, String expected) {
    String raw = properties.get(PREFIX + key, String.class).orElse(null);
    if (raw != null && properties.get(PREFIX + key, type).isEmpty()) {
      throw invalid(key, "be " + expected + ", was \"" + raw + "\"");
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
