package io.incidentstream.streaming.cluster.internal;

/**
 * The Redis keys and channels of one cluster, all under {@code stream.cluster.key-prefix}.
 * Immutable.
 */
record RedisKeys(String prefix) {

  static RedisKeys of(ClusterConfiguration config) {
    return new RedisKeys(config.keyPrefix());
  }

  /** The sequence counter (INCR). */
  String seq() {
    return prefix + ":seq";
  }

  /** The stream's epoch, {@code <random>:<base>}: set whenever the counter is (re)created. */
  String epoch() {
    return prefix + ":epoch";
  }

  /** The shared history: a Redis Stream, entry id {@code <seq>-0}, field {@code data}. */
  String history() {
    return prefix + ":history";
  }

  /** Pub/sub channel of sequenced envelopes. */
  String eventsChannel() {
    return prefix + ":events";
  }

  /** Pub/sub channel external producers publish events on. */
  String ingestChannel() {
    return prefix + ":ingest";
  }

  /** Pub/sub channel on which rejected ingest messages are explained. */
  String ingestErrorsChannel() {
    return prefix + ":ingest-errors";
  }

  /** Pub/sub channel of the instances' heartbeats. */
  String heartbeatChannel() {
    return prefix + ":heartbeat";
  }

  /** One instance's membership key. */
  String member(String instanceId) {
    return prefix + ":members:" + instanceId;
  }

  /** Matches every membership key. */
  String membersPattern() {
    return prefix + ":members:*";
  }

  /**
   * Holds the seq a producer's {@code message_id} of {@code tenant} was sequenced as, for {@code
   * history-retention} (tenants are {@code [A-Za-z0-9._-]}, so the key is unambiguous).
   */
  String messageId(String tenant, java.util.UUID messageId) {
    return prefix + ":msg:" + tenant + ":" + messageId;
  }

  /** Marks the {@code occurrence}-th ingest message with this digest as taken by one instance. */
  String ingestTaken(String sha256, int occurrence) {
    return prefix + ":ingest-taken:" + sha256 + ":" + occurrence;
  }
}
