package io.incidentstream.perf.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The load generator's mark on each event: the label {@code "lg_stamp":"~<team>~<seq>~<sent>"},
 * where {@code seq} numbers the events this run published and {@code sent} is the publishing JVM's
 * {@code System.nanoTime()} relative to the run's origin, taken just before the batch is written.
 * The event templates hold no other {@code ~}, so a receiver finds the stamp with one byte search
 * and no JSON parsing. A {@link Stamp} instance is a reusable reader: not thread-safe, one per
 * connection.
 */
final class Stamp {

  static final String LABEL = "lg_stamp";
  static final char MARK = '~';

  private int group;
  private long seq;
  private long sentNanos;
  private int index;

  static void write(ByteBuf out, int group, long seq, long sentNanos) {
    out.writeByte(MARK);
    ByteBufUtil.writeAscii(out, Integer.toString(group));
    out.writeByte(MARK);
    ByteBufUtil.writeAscii(out, Long.toString(seq));
    out.writeByte(MARK);
    ByteBufUtil.writeAscii(out, Long.toString(sentNanos));
  }

  /** Reads the stamp out of a frame without moving its indexes; false if it holds none. */
  boolean read(ByteBuf frame) {
    int end = frame.writerIndex();
    int at = frame.indexOf(frame.readerIndex(), end, (byte) MARK);
    if (at < 0) {
      return false;
    }
    index = at + 1;
    long team = number(frame, end);
    if (team < 0 || team > Integer.MAX_VALUE || !skipMark(frame, end)) {
      return false;
    }
    long sequence = number(frame, end);
    if (sequence < 0 || !skipMark(frame, end)) {
      return false;
    }
    long sent = number(frame, end);
    if (sent < 0) {
      return false;
    }
    group = (int) team;
    seq = sequence;
    sentNanos = sent;
    return true;
  }

  int group() {
    return group;
  }

  long seq() {
    return seq;
  }

  long sentNanos() {
    return sentNanos;
  }

  /** The decimal digits at the cursor, or -1 if there are none (or too many). */
  private long number(ByteBuf frame, int end) {
    long value = 0;
    int start = index;
    while (index < end && index - start < 19) {
      byte b = frame.getByte(index);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      index++;
    }
    return index == start ? -1 : value;
  }

  private boolean skipMark(ByteBuf frame, int end) {
    if (index < end && frame.getByte(index) == MARK) {
      index++;
      return true;
    }
    return false;
  }
}
