package io.incidentstream.streaming.ws;

import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} endpoint (DESIGN section 3). Thin: the session takes over the connection on open;
 * every frame after that goes to the session's own handler. Thread-safe (stateless).
 */
@ServerWebSocket(value = "/ws", subprotocols = StreamEndpoint.SUBPROTOCOL)
public class StreamEndpoint {

  /**
   * The protocol a client may name in {@code Sec-WebSocket-Protocol} (browsers must, beside their
   * {@code bearer.<token>} entry); the handshake answers it and never the token entry.
   */
  public static final String SUBPROTOCOL = "incident-stream.v1";

  private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoint.class);

  private final SessionStarter sessions;

  public StreamEndpoint(SessionStarter sessions) {
    this.sessions = sessions;
  }

  @OnOpen
  public void onOpen(WebSocketSession webSocket, HttpRequest<?> request) {
    sessions.start(webSocket, request);
  }

  /**
   * Required by Micronaut; never called: the session's frame handler consumes every frame before
   * Micronaut's handler would see it.
   */
  @OnMessage
  public void onMessage(String message, WebSocketSession webSocket) {
    LOG.warn("frame reached the fallback handler of session {}", webSocket.getId());
  }
}
