package io.incidentstream.streaming.cluster.internal;

/**
 * The Lua scripts of the Redis bus. Each runs atomically in Redis: no other command interleaves, so
 * the sequence counter, the history and the pub/sub channel always agree.
 */
final class BusScripts {

  private BusScripts() {}

  /**
   * Makes sure the stream has a counter and an epoch that the caller can trust, as the sequencing
   * script does before it assigns seqs. A new epoch starts when the counter or the epoch is missing
   * (Redis lost its data, or was never used), and when the counter is below the caller's last
   * delivered seq in the epoch the caller knows: Redis went back to older data (a restart from an
   * RDB snapshot, an AOF whose last writes never reached the disk, a replica promoted before it had
   * them) and would hand out seqs the instances already delivered, which they would drop as
   * repeats. KEYS: counter, epoch, history. ARGV: floor (the caller's last delivered seq), random
   * id for a new epoch, the epoch the caller knows ({@code ""} when none). Runs before a session
   * can see the epoch.
   */
  private static final String ENSURE_EPOCH =
      """
      local function reseed(counterKey, epochKey, historyKey, floor, randomId, current)
        local base = tonumber(floor)
        if current and tonumber(current) > base then
          base = tonumber(current)
        end
        local top = redis.call('XREVRANGE', historyKey, '+', '-', 'COUNT', 1)
        if top[1] then
          local topSeq = tonumber(string.match(top[1][1], '^%d+'))
          if topSeq > base then
            base = topSeq
          end
        end
        base = string.format('%d', base)
        local epoch = randomId .. ':' .. base
        redis.call('SET', counterKey, base)
        redis.call('SET', epochKey, epoch)
        return epoch
      end
      local function wentBack(epoch, current, floor, knownEpoch)
        return epoch == knownEpoch and tonumber(current) < tonumber(floor)
      end
      local function ensureEpoch(counterKey, epochKey, historyKey, floor, randomId, knownEpoch)
        local epoch = redis.call('GET', epochKey)
        local current = redis.call('GET', counterKey)
        if epoch and current and not wentBack(epoch, current, floor, knownEpoch) then
          return epoch
        end
        return reseed(counterKey, epochKey, historyKey, floor, randomId, current)
      end
      """;

  /**
   * Returns the stream's epoch, starting one when the counter or the epoch is missing, or the
   * counter went back (see {@link #ENSURE_EPOCH}). KEYS: counter, epoch, history. ARGV: floor,
   * random id, known epoch.
   */
  static final LuaScript EPOCH =
      LuaScript.of(
          "epoch",
          ENSURE_EPOCH
              + """
              return ensureEpoch(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3])
              """);

  /**
   * Sequences a batch: for each event in order, INCR the counter, XADD its envelope to the history
   * (entry id {@code <seq>-0}, MAXLEN ~) and PUBLISH it. Returns {@code {epoch, seqs, duplicates}}:
   * per event its seq and 1 when it was a duplicate (0 otherwise). The new events of a batch get
   * contiguous seqs.
   *
   * <p>Idempotent producers: an event with a message-id key (its tenant and producer {@code
   * message_id}) whose key exists is a duplicate: it is not published again, and its seq is the one
   * the key holds (the original). A new one sets its key to its seq with the retention as TTL, in
   * this same atomic step, so no two instances can both sequence one id.
   *
   * <p>With an ingest claim (from the ingest channel: every instance receives the message, one must
   * publish it) the script first claims that key (SET NX PX) and returns {@code {"duplicate"}} when
   * another instance already has.
   *
   * <p>A missing counter or epoch means Redis lost its data (or was flushed), and a counter below
   * the caller's last delivered seq (ARGV[3]) in the epoch the caller knows (ARGV[8]) means it went
   * back to older data: the counter is then re-seeded above that seq and above the history's newest
   * entry, and a new epoch {@code <random>:<base>} starts, so seqs keep increasing for clients
   * whenever possible.
   *
   * <p>KEYS: counter, epoch, history, then the ingest claim when ARGV[6] is 1, then one message-id
   * key per event that has one, in order. ARGV: events channel, MAXLEN, floor, random id for a new
   * epoch, claim TTL (ms), claim flag (0/1), message-id TTL (ms), known epoch, then per event: 1
   * when it has a message-id key (else 0), its envelope tail.
   */
  static final LuaScript SEQUENCE =
      LuaScript.of(
          "sequence",
          ENSURE_EPOCH
              + """
              local claimed = ARGV[6] == '1'
              if claimed and not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[5]) then
                return {'duplicate'}
              end
              local epoch = ensureEpoch(KEYS[1], KEYS[2], KEYS[3], ARGV[3], ARGV[4], ARGV[8])
              local head = '{"epoch":"' .. epoch .. '","seq":'
              local nextKey = claimed and 5 or 4
              local seqs = {}
              local duplicates = {}
              for i = 1, (#ARGV - 8) / 2 do
                local idKey = false
                if ARGV[7 + 2 * i] == '1' then
                  idKey = KEYS[nextKey]
                  nextKey = nextKey + 1
                end
                local original = idKey and redis.call('GET', idKey)
                if original then
                  seqs[i] = tonumber(original)
                  duplicates[i] = 1
                else
                  local seq = redis.call('INCR', KEYS[1])
                  local text = string.format('%d', seq)
                  local data = head .. text .. ARGV[8 + 2 * i]
                  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], text .. '-0', 'data', data)
                  redis.call('PUBLISH', ARGV[1], data)
                  if idKey then
                    redis.call('SET', idKey, text, 'PX', ARGV[7])
                  end
                  seqs[i] = seq
                  duplicates[i] = 0
                end
              end
              return {epoch, seqs, duplicates}
              """);

  /**
   * Publishes a heartbeat completed with the stream's current counter and epoch, read in the same
   * atomic step, so a heartbeat always follows every event up to its {@code seq} on the bus. A
   * counter that went back below the sender's last delivered seq in the epoch it knows is repaired
   * first, with a new epoch (see {@link #ENSURE_EPOCH}), so the cluster leaves a stream whose seqs
   * would repeat within a heartbeat interval even when nothing is published; a missing counter is
   * left to the next publish. KEYS: counter, epoch, history. ARGV: heartbeat channel, heartbeat
   * head, floor, random id, known epoch. Returns the counter.
   */
  static final LuaScript HEARTBEAT =
      LuaScript.of(
          "heartbeat",
          ENSURE_EPOCH
              + """
              local seq = redis.call('GET', KEYS[1])
              local epoch = redis.call('GET', KEYS[2])
              if seq and epoch and wentBack(epoch, seq, ARGV[3], ARGV[5]) then
                epoch = reseed(KEYS[1], KEYS[2], KEYS[3], ARGV[3], ARGV[4], seq)
                seq = redis.call('GET', KEYS[1])
              end
              seq = seq or '0'
              epoch = epoch or ''
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
