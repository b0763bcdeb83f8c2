package io.incidentstream.streaming.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The header of an unmasked, final WebSocket text frame (RFC 6455 section 5.2), as a server sends
 * it: written by hand so that an event's shared prefix and cached suffix go to the socket as they
 * are, behind it, instead of through a frame object the encoder copies.
 */
final class TextFrameHeader {

  private static final int FIN_TEXT = 0x81;

  private TextFrameHeader() {}

  /** A new header for a payload of {@code length} bytes; the caller owns it. */
  static ByteBuf of(ByteBufAllocator alloc, int length) {
    if (length < 126) {
      return alloc.directBuffer(2).writeByte(FIN_TEXT).writeByte(length);
    }
    if (length <= 0xFFFF) {
      return alloc.directBuffer(4).writeByte(FIN_TEXT).writeByte(126).writeShort(length);
    }
    return alloc.directBuffer(10).writeByte(FIN_TEXT).writeByte(127).writeLong(length);
  }
}
