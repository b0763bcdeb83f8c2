package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.metrics.StreamMetrics;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paced resume: a {@code subscribe} with {@code since} puts the connection into catch-up, and live
 * fan-out skips it (the history holds every event before fan-out sees it). Catch-up steps read the
 * history in bounded chunks from the connection's cursor and queue the missed events only while its
 * queue has room, so nothing is shed; when the queue fills, the next step waits until the
 * connection's writer has drained it. At the live position the connection rejoins live fan-out with
 * the next event: no gap, no duplicate, bounded memory, and a slow resuming client holds up no one.
 * If the history evicts events the cursor has not reached yet, the client cannot get them any more:
 * the connection is told it {@linkplain Recipient#catchUpFellBehind fell behind}, and its next
 * resume answers {@code recovered:false}. Not thread-safe: confined to the dispatch thread.
 */
final class ResumePacer {

  private static final Logger LOG = LoggerFactory.getLogger(ResumePacer.class);

  /** Most replayed event prefixes kept for other resuming clients. */
  private static final int REPLAY_CACHE_ENTRIES = 4096;

  /** Most direct memory those cached prefixes may hold. */
  private static final long REPLAY_CACHE_BYTES = 16L * 1024 * 1024;

  /** History events one catch-up step examines before it yields the dispatch thread. */
  private static final int CATCH_UP_STEP = 1024;

  /** History events read at a time while catching up. */
  private static final int CATCH_UP_CHUNK = 256;

  private final EventHistory history;
  private final StreamPosition position;
  private final FrameEncoder encoder;
  private final SuffixCache suffixes;
  private final DispatchThread dispatch;
  private final StreamMetrics metrics;
  private final ReplayFrameCache replayCache =
      new ReplayFrameCache(REPLAY_CACHE_ENTRIES, REPLAY_CACHE_BYTES);

  ResumePacer(
      EventHistory history,
      StreamPosition position,
      FrameEncoder encoder,
      SuffixCache suffixes,
      DispatchThread dispatch,
      StreamMetrics metrics) {
    this.history = history;
    this.position = position;
    this.encoder = encoder;
    this.suffixes = suffixes;
    this.dispatch = dispatch;
    this.metrics = metrics;
  }

  /**
   * Where a new subscription starts, and whether that is where the client asked ({@code since}).
   */
  record Start(long from, @Nullable Boolean recovered) {}

  /**
   * @param clientEpoch the epoch the client's {@code since} belongs to; when it is not {@code
   *     currentEpoch}, its seqs name other events and the replay starts from the oldest held
   */
  Start start(@Nullable Long since, @Nullable String clientEpoch, String currentEpoch) {
    long live = position.live();
    if (since == null) {
      return new Start(live, null);
    }
    metrics.replayServed();
    if (clientEpoch != null && !clientEpoch.equals(currentEpoch)) {
      return fromOldestHeld(live);
    }
    if (since > live) {
      return new Start(live, false);
    }
    EventHistory.Slice probe = history.range(since, live, 1);
    if (probe.complete()) {
      return new Start(since, true);
    }
    List<EventEnvelope> oldest = probe.events();
    return new Start(oldest.isEmpty() ? live : oldest.get(0).seq() - 1, false);
  }

  /** Everything the history holds, not recovered: the client's numbering is gone. */
  private Start fromOldestHeld(long live) {
    List<EventEnvelope> oldest = history.range(0, live, 1).events();
    return new Start(oldest.isEmpty() ? live : oldest.get(0).seq() - 1, false);
  }

  /**
   * Takes the connection out of live fan-out and catches it up from {@code from}. Live events
   * already handed to the connection's event loop may not be in its queue yet: catch-up starts once
   * that loop has run them (a task behind theirs), so the queue gets every event in seq order. A
   * recipient whose executor runs tasks in place (tests, benchmarks) starts at once.
   */
  void begin(Connection connection, long from) {
    connection.catchingUp = true;
    connection.cursor = from;
    long step = ++connection.step;
    Runnable firstStep =
        () -> {
          if (dispatch.inThread()) {
            runStep(connection, step);
          } else {
            dispatch.handOver(() -> runStep(connection, step));
          }
        };
    try {
      connection.recipient.executor().execute(firstStep);
    } catch (RejectedExecutionException loopGone) {
      catchUp(connection);
    }
  }

  /** Hands the connection (back) to live fan-out and cancels any pending catch-up step. */
  static void goLive(Connection connection) {
    connection.catchingUp = false;
    connection.step++;
  }

  /** The numbering restarted (or fan-out stops): cached frames belong to the old stream. */
  void forgetReplayedFrames() {
    replayCache.clear();
  }

  /**
   * One bounded catch-up step: delivers the next events from the history, in seq order, each with
   * the ids of the subscriptions that still want it, until the connection reaches the live position
   * (then live fan-out takes over with the very next event), its queue fills (the step resumes when
   * the queue has drained), or the step's budget is spent (it yields to live events and other
   * connections).
   */
  private void catchUp(Connection connection) {
    int budget = CATCH_UP_STEP;
    while (connection.cursor < position.live()) {
      if (budget == 0) {
        scheduleStep(connection);
        return;
      }
      EventHistory.Slice slice =
          history.range(connection.cursor, position.live(), Math.min(budget, CATCH_UP_CHUNK));
      if (!slice.complete()) {
        fellBehind(connection);
        return;
      }
      if (slice.events().isEmpty()) {
        break;
      }
      for (EventEnvelope missed : slice.events()) {
        if (!catchUpOne(connection, missed)) {
          return;
        }
        connection.cursor = missed.seq();
        budget--;
      }
    }
    goLive(connection);
  }

  /** False when catch-up stops before this event: the queue is full, or the connection is gone. */
  private boolean catchUpOne(Connection connection, EventEnvelope missed) {
    Recipient recipient = connection.recipient;
    List<String> ids = connection.idsToCatchUp(missed);
    if (ids.isEmpty() || !connection.tenants.allows(missed.tenant())) {
      return true;
    }
    Recipient.Room room;
    try {
      PooledEventFrame frame = replayCache.get(missed.messageId(), () -> encoder.encode(missed));
      room = recipient.deliverIfRoom(missed, frame, suffixes.get(ids));
    } catch (RuntimeException e) {
      LOG.error("catching up seq {} to {} failed", missed.seq(), recipient.id(), e);
      return true;
    }
    if (room == Recipient.Room.FULL) {
      stepWhenDrained(connection);
    }
    if (room != Recipient.Room.QUEUED) {
      return false;
    }
    metrics.replayEvent();
    connection.countMatched(ids);
    return true;
  }

  private void scheduleStep(Connection connection) {
    long step = ++connection.step;
    dispatch.handOver(() -> runStep(connection, step));
  }

  private void stepWhenDrained(Connection connection) {
    long step = ++connection.step;
    connection.recipient.whenDrained(() -> dispatch.handOver(() -> runStep(connection, step)));
  }

  private void runStep(Connection connection, long step) {
    if (connection.step == step && connection.catchingUp) {
      catchUp(connection);
    }
  }

  /** The history evicted events the connection had yet to get: it cannot resume without a gap. */
  private static void fellBehind(Connection connection) {
    connection.step++;
    LOG.debug(
        "{} fell behind the history at seq {} while catching up",
        connection.recipient.id(),
        connection.cursor);
    try {
      connection.recipient.catchUpFellBehind();
    } catch (RuntimeException e) {
      LOG.error("closing {} after it fell behind failed", connection.recipient.id(), e);
    }
  }
}
