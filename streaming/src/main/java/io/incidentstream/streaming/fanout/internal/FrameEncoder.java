package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.ProtocolCodec;

/** Encodes an event's shared frame prefix, once per event, for all its recipients. Thread-safe. */
final class FrameEncoder {

  private final ProtocolCodec codec = new ProtocolCodec();

  /** The prefix in a new frame; the caller releases it. */
  PooledEventFrame encode(EventEnvelope envelope) {
    return PooledEventFrame.copyOf(codec.encodeEventFramePrefix(envelope));
  }
}
