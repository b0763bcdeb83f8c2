package io.incidentstream.streaming.security;

import io.incidentstream.streaming.StreamingException;

/**
 * A token that is not accepted; the message is the reason, fit for the client and the log (it never
 * contains the token).
 */
public class TokenRejectedException extends StreamingException {

  private static final long serialVersionUID = 1L;

  public TokenRejectedException(String reason) {
    super(reason);
  }
}
