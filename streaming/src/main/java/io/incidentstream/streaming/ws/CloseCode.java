package io.incidentstream.streaming.ws;

/** The close codes of DESIGN section 5, each with the reason sent in {@code closing}. */
public enum CloseCode {
  NORMAL(1000, "normal closure"),
  GOING_AWAY(1001, "server shutting down"),
  /** The client broke RFC 6455 (a frame it must not send); the connection is failed. */
  PROTOCOL_ERROR(1002, "protocol error"),
  /** A text message (or close reason) that is not valid UTF-8; the connection is failed. */
  INVALID_PAYLOAD(1007, "invalid UTF-8"),
  POLICY(1008, "policy violation"),
  MESSAGE_TOO_LARGE(1009, "message too large"),
  INTERNAL_ERROR(1011, "internal error"),
  /** The stream's history was lost and its seq restarted: reconnect and resume with since. */
  STREAM_RESET(1012, "stream reset: the event history was lost"),
  IDLE_TIMEOUT(4000, "idle timeout"),
  TOKEN_EXPIRED(4001, "token expired"),
  SLOW_CONSUMER(4008, "slow consumer"),
  TOO_MANY_VIOLATIONS(4029, "too many rate-limit violations");

  private final int code;
  private final String reason;

  CloseCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  /** Default human-readable reason, sent in {@code closing} and in the close frame. */
  public String reason() {
    return reason;
  }
}
