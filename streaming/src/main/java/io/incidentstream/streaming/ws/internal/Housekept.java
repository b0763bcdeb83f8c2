package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.ws.StreamSession;

/**
 * A session as its event loop's {@link LoopHousekeeper} keeps it: the slot it occupies in the
 * loop's list, and when its client last sent a frame of its own (pongs answer our pings, so they do
 * not count). Slot access is confined to the event loop.
 */
interface Housekept extends StreamSession {

  /** {@link System#nanoTime()} of the client's last frame other than a pong. */
  long lastClientFrameNanos();

  /** The index in the loop's session list, or -1 when not in one. */
  int housekeepingSlot();

  void housekeepingSlot(int slot);

  /** Called on each visit of the heartbeat round (whether pinged or not). Event loop only. */
  default void heartbeatVisit() {}
}
