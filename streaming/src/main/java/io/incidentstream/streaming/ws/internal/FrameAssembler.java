package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.internal.PooledEventFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Builds the frames a connection queues: an event's shared prefix followed by the recipient's own
 * {@code subscription_ids}, or an encoded control message. Thread-safe (stateless apart from the
 * codec, which is).
 */
final class FrameAssembler {

  private final ProtocolCodec codec;

  FrameAssembler(ProtocolCodec codec) {
    this.codec = codec;
  }

  /** One recipient's event frame; the queue owns it from here on. */
  Outbound event(
      EventEnvelope envelope, EventFrame shared, List<String> ids, ByteBufAllocator alloc) {
    byte[] suffix = codec.encodeEventFrameSuffix(ids);
    ByteBuf frame =
        Unpooled.wrappedBuffer(
            PooledEventFrame.of(shared).retainedContent(),
            alloc.directBuffer(suffix.length).writeBytes(suffix));
    return Outbound.event(
        frame, envelope.priority().ordinal(), envelope.timestamp().toEpochMilli());
  }

  /** A control message (welcome, subscribed, error, closing...). */
  Outbound control(ServerMessage message) {
    return Outbound.control(Unpooled.wrappedBuffer(codec.encode(message)));
  }
}
