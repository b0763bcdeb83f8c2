package io.incidentstream.streaming.fanout;

/**
 * One event's encoded frame, everything but a recipient's {@code subscription_ids}: encoded once
 * per event and shared by every recipient. Opaque to fan-out: only the transport that made it reads
 * its bytes. Valid only during the call that hands it over; a recipient that keeps it takes its own
 * reference through the transport.
 */
public interface EventFrame {

  /** Encoded length in bytes. */
  int length();
}
