package io.incidentstream.streaming.ws.internal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.event.WebSocketSessionOpenEvent;
import jakarta.inject.Singleton;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test bean: weakly remembers every session Micronaut opens, so a test can tell whether Micronaut's
 * per-connection upgrade state (its session, WebSocket handler and upgrade request) is still alive.
 */
@Singleton
@Requires(property = UpgradeTracker.ENABLED, value = "true")
final class UpgradeTracker implements ApplicationEventListener<WebSocketSessionOpenEvent> {

  static final String ENABLED = "test.track-upgrades";

  private final List<WeakReference<WebSocketSession>> opened = new CopyOnWriteArrayList<>();

  @Override
  public void onApplicationEvent(WebSocketSessionOpenEvent event) {
    opened.add(new WeakReference<>(event.getSource()));
  }

  int opened() {
    return opened.size();
  }

  /** How many of Micronaut's sessions are still reachable. */
  long alive() {
    return opened.stream().filter(session -> session.get() != null).count();
  }
}
