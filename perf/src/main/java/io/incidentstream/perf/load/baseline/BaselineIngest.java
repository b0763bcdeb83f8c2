package io.incidentstream.perf.load.baseline;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.websocket.WebSocketBroadcaster;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline's {@code POST /api/v1/events}: decodes the batch like ours, encodes each event's
 * frame once, and hands it to Micronaut's {@link WebSocketBroadcaster} with a predicate that runs
 * the session's compiled filter. That broadcaster tests the predicate against every open session
 * and writes and flushes each match separately: the stock way to fan out with filters. Every
 * recipient gets the same frame, naming the one subscription id the load generator uses.
 * Thread-safe.
 */
@Controller("/api/v1/events")
public final class BaselineIngest {

  /** The subscription id in every frame: the load generator's connections all use it. */
  static final List<String> SUBSCRIPTION_IDS = List.of("load");

  private final ProtocolCodec codec = new ProtocolCodec();
  private final AtomicLong seq = new AtomicLong();
  private final WebSocketBroadcaster broadcaster;
  private final BaselineSubscriptions subscriptions;

  BaselineIngest(WebSocketBroadcaster broadcaster, BaselineSubscriptions subscriptions) {
    this.broadcaster = broadcaster;
    this.subscriptions = subscriptions;
  }

  /** Off the event loop, as ours does: decoding a large batch must not stall the sessions. */
  @Post(consumes = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<String> publish(@Body String body) {
    Decoded<List<IncidentEvent>> decoded = codec.decodeEvents(body);
    if (decoded instanceof Decoded.Failed<List<IncidentEvent>> failed) {
      return HttpResponse.badRequest(failed.describe());
    }
    for (IncidentEvent event : ((Decoded.Ok<List<IncidentEvent>>) decoded).value()) {
      broadcast(event);
    }
    return HttpResponse.accepted();
  }

  private void broadcast(IncidentEvent event) {
    EventEnvelope envelope =
        EventEnvelope.wrap(
            UUID.randomUUID(),
            seq.incrementAndGet(),
            Instant.now(),
            EventEnvelope.DEFAULT_TENANT,
            event);
    String frame =
        new String(
            codec.encode(new ServerMessage.Event(envelope, SUBSCRIPTION_IDS)),
            StandardCharsets.UTF_8);
    broadcaster.broadcastAsync(frame, session -> subscriptions.wants(session, event));
  }
}
