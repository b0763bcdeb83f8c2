package io.incidentstream.streaming.fanout.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.Recipient;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * An in-memory connection for fan-out tests: records every event delivered to it (live or caught
 * up) with its subscription ids, and every control message; its queue always has room. Thread-safe
 * (fan-out calls it on its dispatch thread, the test reads it after a barrier).
 */
final class RecordingRecipient implements Recipient {

  /** One delivered event: its seq, tenant and the ids fan-out named. */
  record Delivered(long seq, String tenant, List<String> subscriptionIds) {}

  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** Deliveries run at once, on the thread that hands them over. */
  @Override
  public Executor executor() {
    return Runnable::run;
  }

  @Override
  public void deliver(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
    delivered.add(new Delivered(envelope.seq(), envelope.tenant(), subscriptionIds(suffix)));
  }

  @Override
  public Room deliverIfRoom(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
    deliver(envelope, frame, suffix);
    return Room.QUEUED;
  }

  /** The ids back from the encoded end of the frame: {@code ["a","b"]}}. */
  private static List<String> subscriptionIds(EventFrame suffix) {
    ByteBuf bytes = PooledEventFrame.of(suffix).retainedContent();
    try {
      String json = bytes.toString(StandardCharsets.UTF_8);
      return List.of(JSON.readValue(json.substring(0, json.length() - 1), String[].class));
    } catch (JsonProcessingException e) {
      throw new AssertionError("not a subscription_ids suffix: " + suffix, e);
    } finally {
      bytes.release();
    }
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
