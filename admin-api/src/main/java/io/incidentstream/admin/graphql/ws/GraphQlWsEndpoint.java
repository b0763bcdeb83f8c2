package io.incidentstream.admin.graphql.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQL;
import io.incidentstream.admin.graphql.ws.internal.NettySocket;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /graphql-ws}: GraphQL over the graphql-transport-ws protocol, for the operator console and
 * any standard graphql-ws client. The upgrade needs no token (browsers cannot set headers on it);
 * the connection's {@code connection_init} must carry an admin token. Each connection is a {@link
 * GraphQlWsConnection} on the channel's {@link NettySocket}. Deliberately no {@code @OnClose}: with
 * one, Micronaut drops TCP without answering the client's close frame; without, it answers, and the
 * socket's close listener does the clean-up. Thread-safe (stateless but for its collaborators).
 */
@ServerWebSocket(value = GraphQlWsEndpoint.PATH, subprotocols = GraphQlWsEndpoint.SUBPROTOCOL)
public class GraphQlWsEndpoint {

  public static final String PATH = "/graphql-ws";
  public static final String SUBPROTOCOL = "graphql-transport-ws";

  /** The close code graphql-ws uses when the client did not offer its subprotocol. */
  static final int SUBPROTOCOL_NOT_ACCEPTABLE = 4406;

  private static final String CONNECTION = "graphql-ws.connection";
  private static final Logger LOG = LoggerFactory.getLogger(GraphQlWsEndpoint.class);

  private final GraphQL graphQL;
  private final OperatorAuthenticator authenticator;
  private final GraphQlWsConfiguration config;
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock = Clock.systemUTC();

  public GraphQlWsEndpoint(
      GraphQL graphQL, OperatorAuthenticator authenticator, GraphQlWsConfiguration config) {
    this.graphQL = graphQL;
    this.authenticator = authenticator;
    this.config = config;
  }

  @OnOpen
  public void onOpen(WebSocketSession session, HttpRequest<?> request) {
    if (!offersSubprotocol(request)) {
      session.close(
          new CloseReason(
              SUBPROTOCOL_NOT_ACCEPTABLE, "Subprotocol not acceptable: " + SUBPROTOCOL));
      return;
    }
    Socket socket = NettySocket.of(request, config.maxPendingMessages()).orElse(null);
    if (socket == null) {
      LOG.error("/graphql-ws opened on a request that is not Netty's: {}", request.getClass());
      session.close(new CloseReason(CloseCodes.INTERNAL_ERROR, "Internal error"));
      return;
    }
    GraphQlWsConnection connection =
        new GraphQlWsConnection(socket, graphQL, authenticator, config, json, clock);
    session.put(CONNECTION, connection);
    connection.start();
  }

  @OnMessage
  public void onMessage(String message, WebSocketSession session) {
    session.get(CONNECTION, GraphQlWsConnection.class).ifPresent(c -> c.onText(message));
  }

  /**
   * The client's close frame (or the connection's end): answer it with a close frame echoing its
   * code before Micronaut drops TCP (it drops it right after this method, without answering, and
   * without it never drops it at all, which leaves a closing client waiting). The clean-up of the
   * connection's operations runs on the socket's close listener, however the connection ends.
   */
  @OnClose
  public void onClose(WebSocketSession session, CloseReason reason) {
    if (session.isOpen() && reason.getCode() >= CloseCodes.NORMAL && reason.getCode() != 1005) {
      session.close(reason);
    }
  }

  private static boolean offersSubprotocol(HttpRequest<?> request) {
    for (String header : request.getHeaders().getAll("Sec-WebSocket-Protocol")) {
      for (String offered : header.split(",")) {
        if (offered.trim().equals(SUBPROTOCOL)) {
          return true;
        }
      }
    }
    return false;
  }
}
