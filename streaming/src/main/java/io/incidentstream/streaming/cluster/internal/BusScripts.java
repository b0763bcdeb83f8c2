package io.incidentstream.streaming.cluster.internal;

/**
 * The Lua scripts of the Redis bus. Each runs atomically in Redis: no other command interleaves, so
 * the sequence counter, the history and the pub/sub channel always agree.
 */
final class BusScripts {

  private BusScripts() {}

  /**
   * Makes sure the stream has a counter and an epoch, as the sequencing script does before it
   * assigns seqs (a missing one means Redis lost its data, or was never used). KEYS: counter,
   * epoch, history. ARGV: floor, random id for a new epoch. Runs before a session can see the
   * epoch.
   */
  private static final String ENSURE_EPOCH =
      """
      local function ensureEpoch(counterKey, epochKey, historyKey, floor, randomId)
        local epoch = redis.call('GET', epochKey)
        local current = redis.call('GET', counterKey)
        if epoch and current then
          return epoch
        end
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
        epoch = randomId .. ':' .. base
        redis.call('SET', counterKey, base)
        redis.call('SET', epochKey, epoch)
        return epoch
      end
      """;

  /**
   * Returns the stream's epoch, starting one when the counter or the epoch is missing (see {@link
   * #SEQUENCE}). KEYS: counter, epoch, history. ARGV: floor, random id.
   */
  static final LuaScript EPOCH =
      LuaScript.of(
          "epoch",
          ENSURE_EPOCH
              + """
              return ensureEpoch(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2])
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
   * <p>A missing counter or epoch means Redis lost its data (or was flushed): the counter is then
   * re-seeded above the caller's last delivered seq (ARGV[3]) and above the history's newest entry,
   * and a new epoch {@code <random>:<base>} starts, so seqs keep increasing for clients whenever
   * possible.
   *
   * <p>KEYS: counter, epoch, history, then the ingest claim when ARGV[6] is 1, then one message-id
   * key per event that has one, in order. ARGV: events channel, MAXLEN, floor, random id for a new
   * epoch, claim TTL (ms), claim flag (0/1), message-id TTL (ms), then per event: 1 when it has a
   * message-id key (else 0), its envelope tail.
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
              local epoch = ensureEpoch(KEYS[1], KEYS[2], KEYS[3], ARGV[3], ARGV[4])
              local head = '{"epoch":"' .. epoch .. '","seq":'
              local nextKey = claimed and 5 or 4
              local seqs = {}
              local duplicates = {}
              for i = 1, (#ARGV - 7) / 2 do
                local idKey = false
                if ARGV[6 + 2 * i] == '1' then
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
                  local data = head .. text .. ARGV[7 + 2 * i]
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
   * Checks that the stream still holds what an instance delivered, and starts a new epoch when it
   * does not. After a failover the new master may lack the last writes the old one acknowledged
   * (replication is asynchronous): its counter is then behind what instances delivered, and new
   * events would reuse seqs that clients already hold, so a client resuming with {@code since}
   * would skip them unnoticed. Under the epoch the instance delivered in, the stream has regressed
   * when the counter is below the instance's last delivered seq, and has diverged when the history
   * entry at that seq carries another {@code message_id}; either way a new epoch {@code
   * <random>:<base>} starts above everything the instance delivered, the counter and the history,
   * so new seqs never collide with delivered ones and resuming clients are told {@code
   * recovered:false}.
   *
   * <p>KEYS: counter, epoch, history. ARGV: the epoch the instance delivered in, its last delivered
   * seq, the {@code message_id} of that event ('' when unknown), random id for a new epoch, and 1
   * when the instance already saw a reused seq itself (diverged without asking), else 0. Returns
   * {@code {epoch, verdict}}: 0 consistent (or another epoch already, or nothing to compare), 1
   * regressed, 2 diverged; with 1 and 2 the epoch is the new one.
   */
  static final LuaScript FENCE =
      LuaScript.of(
          "fence",
          """
          local epoch = redis.call('GET', KEYS[2])
          local current = redis.call('GET', KEYS[1])
          if not epoch or not current or epoch ~= ARGV[1] then
            return {epoch or '', 0}
          end
          local floor = tonumber(ARGV[2])
          local counter = tonumber(current)
          local verdict = 0
          if ARGV[5] == '1' then
            verdict = 2
          elseif counter < floor then
            verdict = 1
          elseif ARGV[3] ~= '' and floor > 0 then
            local id = string.format('%d', floor) .. '-0'
            local entry = redis.call('XRANGE', KEYS[3], id, id)
            if entry[1] then
              local kept = string.match(entry[1][2][2], '"message_id":"([^"]*)"')
              if kept ~= ARGV[3] then
                verdict = 2
              end
            end
          end
          if verdict == 0 then
            return {epoch, 0}
          end
          local base = math.max(floor, counter)
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
          return {epoch, verdict}
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
