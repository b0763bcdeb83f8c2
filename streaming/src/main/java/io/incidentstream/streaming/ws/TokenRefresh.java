package io.incidentstream.streaming.ws;

import io.incidentstream.domain.protocol.ErrorCode;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.security.TokenRejectedException;
import io.incidentstream.streaming.security.TokenVerifier;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code refresh} message: a valid token of the same subject, with the viewer or admin role,
 * replaces the session's token (new tenants at once, new expiry); anything else gets {@code error}
 * {@code UNAUTHORIZED} (or {@code FORBIDDEN} for a missing role) and the session keeps its current
 * token until that expires (4001). Never blocks the caller: verification completes asynchronously
 * when a JWKS must be fetched. Stateless, thread-safe.
 */
@Singleton
public class TokenRefresh {

  private static final Logger LOG = LoggerFactory.getLogger(TokenRefresh.class);

  private final TokenVerifier verifier;

  public TokenRefresh(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** For sessions without a server around them (tests, benchmarks): every refresh is refused. */
  public static TokenRefresh refusingAll() {
    return new TokenRefresh(
        token ->
            CompletableFuture.failedFuture(
                new TokenRejectedException("no token verifier in this environment")));
  }

  public void refresh(StreamSession session, String token) {
    StreamPrincipal current = session.principal();
    if (current.isAnonymous()) {
      session.send(
          new ServerMessage.Error(
              ErrorCode.UNAUTHORIZED,
              "refresh refused: an anonymous session has no token to refresh; reconnect with one"));
      return;
    }
    verifier
        .verify(token)
        .whenComplete(
            (next, failure) -> {
              if (failure != null) {
                refuse(session, ErrorCode.UNAUTHORIZED, reason(failure));
              } else if (!next.subject().equals(current.subject())) {
                refuse(
                    session,
                    ErrorCode.UNAUTHORIZED,
                    "the token is for another subject than this session's");
              } else if (!next.mayStream()) {
                refuse(session, ErrorCode.FORBIDDEN, "the token lacks the viewer or admin role");
              } else {
                session.renew(next);
              }
            });
  }

  private static void refuse(StreamSession session, ErrorCode code, String reason) {
    StreamPrincipal current = session.principal();
    LOG.info(
        "session {} of {} from {}: refresh refused: {}",
        session.id(),
        current.subject(),
        session.clientAddress(),
        reason);
    session.send(
        new ServerMessage.Error(
            code,
            "refresh refused: "
                + reason
                + "; the session closes when its current token expires at "
                + current.expiresAt()));
  }

  private static String reason(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof TokenRejectedException) {
      return "invalid token: " + cause.getMessage();
    }
    LOG.error("token check failed unexpectedly", cause);
    return "the token could not be checked";
  }
}
