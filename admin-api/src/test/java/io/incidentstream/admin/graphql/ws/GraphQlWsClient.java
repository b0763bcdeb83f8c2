package io.incidentstream.admin.graphql.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import java.net.URI;
import java.util.List;

/**
 * A graphql-transport-ws client for the tests: the streaming tests' real WebSocket client over TCP,
 * opened on {@code /graphql-ws} with the protocol's subprotocol, plus the protocol's messages.
 */
final class GraphQlWsClient implements AutoCloseable {

  private final WsTestClient socket;

  private GraphQlWsClient(WsTestClient socket) {
    this.socket = socket;
  }

  /** Opens {@code /graphql-ws} of the server at {@code serverUri} (no message sent yet). */
  static GraphQlWsClient open(URI serverUri) {
    return new GraphQlWsClient(
        WsTestClient.connect(wsUri(serverUri), b -> b.subprotocols(GraphQlWsEndpoint.SUBPROTOCOL)));
  }

  /** Opens, sends {@code connection_init} with an admin token, waits for the ack. */
  static GraphQlWsClient signedIn(URI serverUri) {
    GraphQlWsClient client = open(serverUri);
    client.init(TestTokens.admin());
    client.awaitType("connection_ack");
    return client;
  }

  static URI wsUri(URI serverUri) {
    return URI.create("ws://" + serverUri.getAuthority() + GraphQlWsEndpoint.PATH);
  }

  WsTestClient socket() {
    return socket;
  }

  void init(String token) {
    send("{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + token + "\"}}");
  }

  void subscribe(String id, String query) {
    send(
        "{\"id\":\""
            + id
            + "\",\"type\":\"subscribe\",\"payload\":{\"query\":"
            + quote(query)
            + "}}");
  }

  void complete(String id) {
    send("{\"id\":\"" + id + "\",\"type\":\"complete\"}");
  }

  void send(String text) {
    socket.send(text);
  }

  JsonNode awaitType(String type) {
    return socket.awaitType(type);
  }

  /** Messages of {@code type} for operation {@code id}. */
  List<JsonNode> messages(String type, String id) {
    return socket.framesOfType(type).stream()
        .filter(m -> id.equals(m.path("id").asText()))
        .toList();
  }

  int awaitClose() {
    return socket.awaitClose();
  }

  String closeReason() {
    return socket.closeReason();
  }

  @Override
  public void close() {
    socket.close();
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
