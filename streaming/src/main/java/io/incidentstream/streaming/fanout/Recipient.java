package io.incidentstream.streaming.fanout;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.ServerMessage;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * What fan-out needs from a connection. Implementations must be thread-safe and must never block:
 * the dispatch thread calls them for every matching event.
 */
public interface Recipient {

  String id();

  /** Whether this connection may see events of {@code tenant}. */
  boolean acceptsTenant(String tenant);

  /**
   * Queues one event frame: {@code prefix} (shared, not retained by the caller for us: retain what
   * you keep) followed by this recipient's {@code subscription_ids}.
   */
  void deliver(EventEnvelope envelope, ByteBuf prefix, List<String> subscriptionIds);

  /** Queues a control message (subscribed, unsubscribed, error). */
  void send(ServerMessage message);
}
