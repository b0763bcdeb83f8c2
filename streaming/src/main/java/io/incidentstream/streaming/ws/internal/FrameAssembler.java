package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.internal.PooledEventFrame;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Builds the frames a connection queues: an event's shared prefix followed by the recipient's
 * (cached) {@code subscription_ids}, or an encoded control message. Thread-safe (stateless apart
 * from the codec, which is).
 */
final class FrameAssembler {

  private final ProtocolCodec codec;

  FrameAssembler(ProtocolCodec codec) {
    this.codec = codec;
  }

  /**
   * One recipient's event frame: a reference to the shared prefix and one to the cached suffix (no
   * copy, no duplicate); the queue owns it from here on.
   */
  Outbound event(EventEnvelope envelope, EventFrame shared, EventFrame suffix) {
    return Outbound.event(
        PooledEventFrame.of(shared).retainedShared(),
        PooledEventFrame.of(suffix).retainedShared(),
        envelope);
  }

  /** A control message (welcome, subscribed, error, closing...). */
  Outbound control(ServerMessage message) {
    return Outbound.control(Unpooled.wrappedBuffer(codec.encode(message)));
  }

  /** A text frame of another protocol's text, as it is. */
  Outbound text(String text) {
    return Outbound.control(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A binary frame of another protocol's bytes (the array is the frame's from here on). */
  Outbound binary(byte[] payload) {
    return Outbound.binary(Unpooled.wrappedBuffer(payload));
  }
}
