package io.incidentstream.admin.graphql.ws;

/** The close codes of {@code /graphql-ws}: graphql-transport-ws's own, and ours beside them. */
public final class CloseCodes {

  /** The client closed, or the server ended the connection normally. */
  public static final int NORMAL = 1000;

  /** The server is shutting down. */
  public static final int GOING_AWAY = 1001;

  /** A message that is not a valid graphql-transport-ws message. */
  public static final int BAD_REQUEST = 4400;

  /** {@code subscribe} before the server acknowledged the connection. */
  public static final int UNAUTHORIZED = 4401;

  /** A missing, invalid or expired token, or one without the admin role. */
  public static final int FORBIDDEN = 4403;

  /** No {@code connection_init} within {@code stream.graphql.init-timeout}. */
  public static final int INIT_TIMEOUT = 4408;

  /** A {@code subscribe} with the id of an operation still running on the connection. */
  public static final int DUPLICATE_OPERATION = 4409;

  /** A second {@code connection_init}. */
  public static final int TOO_MANY_INIT = 4429;

  /** The server failed: a bug, logged with its stack trace. */
  public static final int INTERNAL_ERROR = 4500;

  /**
   * Ours, as on {@code /ws}: the client read too slowly and {@code
   * stream.graphql.max-pending-messages} filled up. graphql-ws clients retry after it.
   */
  public static final int SLOW_CONSUMER = 4008;

  private CloseCodes() {}
}
