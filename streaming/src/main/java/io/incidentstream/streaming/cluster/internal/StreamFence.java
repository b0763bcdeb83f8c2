package io.incidentstream.streaming.cluster.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Compares the shared stream with what this instance delivered ({@link BusScripts#FENCE}) and moves
 * the stream to a new epoch when Redis no longer holds it: after a failover to a replica that
 * missed the old master's last writes, or any other loss that kept the epoch key. Run after every
 * reconnect of the commands connection, before the instance publishes again, and whenever a
 * heartbeat shows the counter below what was delivered. Thread-safe; never blocks.
 */
final class StreamFence {

  /** What the check found. */
  enum Verdict {
    /** Redis holds what was delivered (or is under another epoch already). */
    CONSISTENT,
    /** The counter is below the last delivered seq: the newest writes are gone. */
    REGRESSED,
    /** The last delivered seq names another event in Redis: seqs were reused. */
    DIVERGED
  }

  /** The stream's epoch after the check (a new one unless consistent) and the verdict. */
  record Result(String epoch, Verdict verdict) {}

  /**
   * Where this instance's delivery stands.
   *
   * @param epoch the epoch it delivered in; null before the first
   * @param seq the last seq it delivered
   * @param messageId that event's {@code message_id}; null when not at hand
   */
  record Delivered(@Nullable String epoch, long seq, @Nullable String messageId) {}

  private final RedisKeys keys;

  StreamFence(RedisKeys keys) {
    this.keys = keys;
  }

  /**
   * Checks on {@code connection}; with {@code diverged} (this instance received a seq it had
   * delivered as another event) the new epoch starts without further checks. Never blocks
   * (completes on a Lettuce I/O thread).
   */
  CompletableFuture<Result> check(
      StatefulRedisConnection<String, String> connection, Delivered delivered, boolean diverged) {
    if (delivered.epoch() == null) {
      return CompletableFuture.completedFuture(new Result("", Verdict.CONSISTENT));
    }
    String messageId = delivered.messageId() == null ? "" : delivered.messageId();
    return BusScripts.FENCE
        .<List<Object>>run(
            connection.async(),
            ScriptOutputType.MULTI,
            new String[] {keys.seq(), keys.epoch(), keys.history()},
            delivered.epoch(),
            Long.toString(delivered.seq()),
            messageId,
            Epochs.randomId(),
            diverged ? "1" : "0")
        .thenApply(StreamFence::result);
  }

  private static Result result(List<Object> reply) {
    String epoch = String.valueOf(reply.get(0));
    long verdict = ((Number) reply.get(1)).longValue();
    return new Result(epoch, Verdict.values()[(int) verdict]);
  }
}
