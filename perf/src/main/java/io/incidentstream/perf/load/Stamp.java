package io.incidentstream.perf.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The load generator's mark on each event: the label {@code "lg_stamp":"~<team>~<seq>~<sent>"},
 * where {@code seq} numbers the events this run published and {@code sent} is the publishing JVM's
 * {@code System.nanoTime()} relative to the run's origin, taken just before the batch is written.
 * The event templates hold no other {@code ~}, so a receiver finds the stamp with one backward byte
 * search and no JSON parsing. A {@link Stamp} instance is a reusable reader: not thread-safe, one
 * per connection.
 */
final class Stamp {

  static final String LABEL = "lg_stamp";
  static final char MARK = '~';

  private int group;
  private long seq;
  private long sentNanos;

  static void write(ByteBuf out, int group, long seq, long sentNanos) {
    out.writeByte(MARK);
    ByteBufUtil.writeAscii(out, Integer.toString(group));
    out.writeByte(MARK);
    ByteBufUtil.writeAscii(out, Long.toString(seq));
    out.writeByte(MARK);
    ByteBufUtil.writeAscii(out, Long.toString(sentNanos));
  }

  /**
   * Reads the stamp out of a frame without moving its indexes; false if it holds none. Searches
   * from the end: the stamp sits in the labels, a few hundred bytes before the end of the frame.
   */
  boolean read(ByteBuf frame) {
    int start = frame.readerIndex();
    int end = frame.writerIndex();
    int last = frame.indexOf(end, start, (byte) MARK);
    if (last < 0) {
      return false;
    }
    long sent = forward(frame, last + 1, end);
    int seqStart = digitsBefore(frame, last, start);
    long sequence = forward(frame, seqStart, last);
    if (sent < 0 || sequence < 0 || !isMark(frame, seqStart - 1, start)) {
      return false;
    }
    int groupStart = digitsBefore(frame, seqStart - 1, start);
    long team = forward(frame, groupStart, seqStart - 1);
    if (team < 0 || team > Integer.MAX_VALUE || !isMark(frame, groupStart - 1, start)) {
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

  /** The decimal number starting at {@code from}, or -1 if none (or too long) starts there. */
  private static long forward(ByteBuf frame, int from, int end) {
    long value = 0;
    int at = from;
    while (at < end && at - from < 19) {
      byte b = frame.getByte(at);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      at++;
    }
    return at == from ? -1 : value;
  }

  /** Where the run of digits that ends just before {@code before} starts. */
  private static int digitsBefore(ByteBuf frame, int before, int start) {
    int at = before;
    while (at > start && isDigit(frame.getByte(at - 1))) {
      at--;
    }
    return at;
  }

  private static boolean isMark(ByteBuf frame, int index, int start) {
    return index >= start && frame.getByte(index) == MARK;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
