package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.Recipient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory connection for fan-out tests: records every event delivered to it (live or caught
 * up) with its subscription ids, and every control message; its queue always has room. Thread-safe
 * (fan-out calls it on its dispatch thread, the test reads it after a barrier).
 */
final class RecordingRecipient implements Recipient {

  /** One delivered event: its seq, tenant and the ids fan-out named. */
  record Delivered(long seq, String tenant, List<String> subscriptionIds) {}

  private final String id;
  private volatile TenantScope tenants;
  private final List<Delivered> delivered = new CopyOnWriteArrayList<>();
  private final List<ServerMessage> sent = new CopyOnWriteArrayList<>();

  RecordingRecipient(String id, TenantScope tenants) {
    this.id = id;
    this.tenants = tenants;
  }

  /** What a token refresh does to a session: the new scope, then the fan-out re-filing. */
  void changeTenants(TenantScope next, FanOutEngine engine) {
    tenants = next;
    engine.changeTenants(this, next);
  }

  List<Delivered> delivered() {
    return List.copyOf(delivered);
  }

  List<ServerMessage> sent() {
    return List.copyOf(sent);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public TenantScope tenantScope() {
    return tenants;
  }

  @Override
  public void deliver(EventEnvelope envelope, EventFrame frame, List<String> subscriptionIds) {
    delivered.add(new Delivered(envelope.seq(), envelope.tenant(), List.copyOf(subscriptionIds)));
  }

  @Override
  public Room deliverIfRoom(
      EventEnvelope envelope, EventFrame frame, List<String> subscriptionIds) {
    deliver(envelope, frame, subscriptionIds);
    return Room.QUEUED;
  }

  @Override
  public void whenDrained(Runnable task) {
    task.run();
  }

  @Override
  public void send(ServerMessage message) {
    sent.add(message);
  }

  @Override
  public void catchUpFellBehind() {
    throw new AssertionError(id + " fell behind the history");
  }

  @Override
  public void streamRestarted() {
    throw new AssertionError(id + " saw a stream restart");
  }

  @Override
  public String toString() {
    return id + " " + tenants;
  }
}
