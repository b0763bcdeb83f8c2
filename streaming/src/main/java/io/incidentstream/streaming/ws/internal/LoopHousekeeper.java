package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.ws.CloseCode;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's periodic session work, spread over time: the heartbeat round pings each of the
 * loop's sessions once per {@code heartbeat-interval}, skipping those whose client sent a frame of
 * its own within the interval; the sweep round visits each once per {@code cleanup-interval},
 * closing the idle (4000) and forgetting those whose connection is gone. Each tick does a slice of
 * each round ({@link SpreadRound}), so no tick writes a burst of pings.
 *
 * <p>A session removed from the list swaps the last one into its slot, which may then miss one
 * round (its ping or idle check comes one period later). Not thread-safe: confined to its event
 * loop.
 */
final class LoopHousekeeper {

  private static final Logger LOG = LoggerFactory.getLogger(LoopHousekeeper.class);

  private final List<Housekept> sessions = new ArrayList<>();
  private final long heartbeatNanos;
  private final long sessionTimeoutNanos;
  private final SpreadRound heartbeat;
  private final SpreadRound sweep;

  /**
   * @param tickNanos how often {@link #tick} runs
   */
  LoopHousekeeper(
      long tickNanos, long heartbeatNanos, long sessionTimeoutNanos, long cleanupNanos) {
    this.heartbeatNanos = heartbeatNanos;
    this.sessionTimeoutNanos = sessionTimeoutNanos;
    this.heartbeat = new SpreadRound(heartbeatNanos / tickNanos, this::heartbeat);
    this.sweep = new SpreadRound(cleanupNanos / tickNanos, this::sweep);
  }

  void add(Housekept session) {
    if (session.housekeepingSlot() >= 0) {
      return;
    }
    session.housekeepingSlot(sessions.size());
    sessions.add(session);
  }

  void remove(Housekept session) {
    int slot = session.housekeepingSlot();
    if (slot < 0 || slot >= sessions.size() || sessions.get(slot) != session) {
      return;
    }
    Housekept last = sessions.remove(sessions.size() - 1);
    if (last != session) {
      sessions.set(slot, last);
      last.housekeepingSlot(slot);
    }
    session.housekeepingSlot(-1);
  }

  int size() {
    return sessions.size();
  }

  /**
   * One tick of both rounds.
   *
   * @return the sessions visited (both rounds together)
   */
  int tick(long nowNanos) {
    return heartbeat.tick(sessions, nowNanos) + sweep.tick(sessions, nowNanos);
  }

  private void heartbeat(Housekept session, long nowNanos) {
    session.heartbeatVisit();
    if (session.isOpen() && nowNanos - session.lastClientFrameNanos() >= heartbeatNanos) {
      session.ping();
    }
  }

  private void sweep(Housekept session, long nowNanos) {
    if (!session.isConnected()) {
      LOG.info("{}: connection gone, removing", session);
      session.release();
    } else if (session.isOpen() && nowNanos - session.lastActivityNanos() > sessionTimeoutNanos) {
      LOG.debug("{}: idle past the session timeout, closing", session);
      session.close(CloseCode.IDLE_TIMEOUT, CloseCode.IDLE_TIMEOUT.reason());
    }
  }
}
