package io.incidentstream.domain.event;

import org.jspecify.annotations.Nullable;

/**
 * The W3C Trace Context {@code traceparent} value ({@code
 * <version>-<trace-id>-<parent-id>-<trace-flags>}, e.g. {@code
 * 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}) that the stream carries from a
 * producer's request to every instance's fan-out of its events. Only the format is checked here;
 * what it means is the tracing side's business. Stateless.
 *
 * @see <a href="https://www.w3.org/TR/trace-context/#traceparent-header">W3C Trace Context</a>
 */
public final class TraceParent {

  /** Length of a version-00 value, the only layout this stream writes. */
  public static final int LENGTH = 55;

  private TraceParent() {}

  /**
   * {@code value} if it is a well-formed {@code traceparent}, otherwise null: as the W3C
   * recommendation asks, a malformed one is ignored (the request still goes through, in a new
   * trace), never an error. A future version's value longer than {@value #LENGTH} characters is cut
   * to its first four fields, which every version keeps.
   */
  public static @Nullable String parse(@Nullable String value) {
    if (value == null || value.length() < LENGTH) {
      return null;
    }
    String candidate = value.length() == LENGTH ? value : future(value);
    return candidate != null && wellFormed(candidate) ? candidate : null;
  }

  /** True when {@code value} is a well-formed {@code traceparent} of exactly {@value #LENGTH}. */
  public static boolean isValid(@Nullable String value) {
    return value != null && value.length() == LENGTH && wellFormed(value);
  }

  private static @Nullable String future(String value) {
    boolean laterVersion = !value.startsWith("00");
    return laterVersion && value.charAt(LENGTH) == '-' ? value.substring(0, LENGTH) : null;
  }

  private static boolean wellFormed(String v) {
    return hex(v, 0, 2)
        && !v.startsWith("ff")
        && v.charAt(2) == '-'
        && hex(v, 3, 35)
        && !zeros(v, 3, 35)
        && v.charAt(35) == '-'
        && hex(v, 36, 52)
        && !zeros(v, 36, 52)
        && v.charAt(52) == '-'
        && hex(v, 53, 55);
  }

  private static boolean hex(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean zeros(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (v.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
