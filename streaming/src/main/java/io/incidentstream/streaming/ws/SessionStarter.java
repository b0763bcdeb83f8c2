package io.incidentstream.streaming.ws;

import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.WebSocketSession;

/** Makes a stream session of a connection that just completed the {@code /ws} upgrade. */
public interface SessionStarter {

  /** Called from {@code @OnOpen}, on the connection's I/O thread. */
  void start(WebSocketSession webSocket, HttpRequest<?> request);
}
