package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.EncodedEvent;
import io.incidentstream.domain.protocol.ProtocolCodec;
import org.jspecify.annotations.Nullable;

/**
 * Encodes an event's shared frame prefix, once per event, for all its recipients; an event that
 * came over the bus brings its JSON, which goes into the prefix as it is. Thread-safe.
 */
final class FrameEncoder {

  private final ProtocolCodec codec = new ProtocolCodec();

  /** The prefix in a new frame; the caller releases it. */
  PooledEventFrame encode(EventEnvelope envelope) {
    return PooledEventFrame.copyOf(codec.encodeEventFramePrefix(envelope));
  }

  /** The prefix with {@code encoded} as its event, if given; the caller releases it. */
  PooledEventFrame encode(EventEnvelope envelope, @Nullable EncodedEvent encoded) {
    return PooledEventFrame.copyOf(codec.encodeEventFramePrefix(envelope, encoded));
  }
}
