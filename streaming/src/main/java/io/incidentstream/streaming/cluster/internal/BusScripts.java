package io.incidentstream.streaming.cluster.internal;

/**
 * The Lua scripts of the Redis bus. Each runs atomically in Redis: no other command interleaves, so
 * the sequence counter, the history and the pub/sub channel always agree.
 */
final class BusScripts {

  private BusScripts() {}

  /**
   * Sequences a batch: INCRBY the counter by its size, then for each event XADD its envelope to the
   * history (entry id {@code <seq>-0}, MAXLEN ~) and PUBLISH it, in seq order. Returns {@code
   * {epoch, firstSeq}}; the batch's seqs are contiguous from {@code firstSeq}.
   *
   * <p>With a dedupe key (KEYS[4], from the ingest channel) it first claims that key (SET NX PX)
   * and returns {@code {"duplicate"}} when another instance already has.
   *
   * <p>A missing counter or epoch means Redis lost its data (or was flushed): the counter is then
   * re-seeded above the caller's last delivered seq (ARGV[3]) and above the history's newest entry,
   * and a new epoch {@code <random>:<base>} starts, so seqs keep increasing for clients whenever
   * possible.
   *
   * <p>KEYS: counter, epoch, history[, dedupe key]. ARGV: events channel, MAXLEN, floor, random id
   * for a new epoch, dedupe TTL (ms), then one envelope tail per event.
   */
  static final LuaScript SEQUENCE =
      LuaScript.of(
          "sequence",
          """
          if KEYS[4] and not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[5]) then
            return {'duplicate'}
          end
          local epoch = redis.call('GET', KEYS[2])
          local current = redis.call('GET', KEYS[1])
          if not epoch or not current then
            local base = tonumber(ARGV[3])
            if current and tonumber(current) > base then
              base = tonumber(current)
            end
            local top = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)
            if top[1] then
              local topSeq = tonumber(string.match(top[1][1], '^%d+'))
              if topSeq > base then
                base = topSeq
              end
            end
            base = string.format('%d', base)
            epoch = ARGV[4] .. ':' .. base
            redis.call('SET', KEYS[1], base)
            redis.call('SET', KEYS[2], epoch)
          end
          local count = #ARGV - 5
          local last = redis.call('INCRBY', KEYS[1], count)
          local first = last - count + 1
          local head = '{"epoch":"' .. epoch .. '","seq":'
          for i = 1, count do
            local seq = string.format('%d', first + i - 1)
            local data = head .. seq .. ARGV[5 + i]
            redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'data', data)
            redis.call('PUBLISH', ARGV[1], data)
          end
          return {epoch, first}
          """);

  /**
   * Publishes a heartbeat completed with the stream's current counter and epoch, read in the same
   * atomic step, so a heartbeat always follows every event up to its {@code seq} on the bus. KEYS:
   * counter, epoch. ARGV: heartbeat channel, heartbeat head. Returns the counter.
   */
  static final LuaScript HEARTBEAT =
      LuaScript.of(
          "heartbeat",
          """
          local seq = redis.call('GET', KEYS[1]) or '0'
          local epoch = redis.call('GET', KEYS[2]) or ''
          redis.call('PUBLISH', ARGV[1], ARGV[2] .. ',"seq":' .. seq .. ',"epoch":"' .. epoch .. '"}')
          return seq
          """);

  /**
   * Reports a rejected ingest message once for the whole cluster: claims the message's dedupe key
   * and, if this instance got it, publishes the rejection. KEYS: dedupe key. ARGV: ingest-errors
   * channel, dedupe TTL (ms), rejection JSON. Returns 1 when this instance reported it.
   */
  static final LuaScript REJECT =
      LuaScript.of(
          "reject",
          """
          if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then
            redis.call('PUBLISH', ARGV[1], ARGV[3])
            return 1
          end
          return 0
          """);
}
