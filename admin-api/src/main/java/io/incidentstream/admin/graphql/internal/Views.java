package io.incidentstream.admin.graphql.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionSort;
import io.incidentstream.domain.port.SessionView;
import io.incidentstream.domain.port.StatsSnapshot;
import io.incidentstream.domain.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema's output objects built from domain values, where the names or shapes differ (the
 * records whose accessors match the schema, such as {@code SessionView}, are served as they are).
 * Public for the subscription fetchers, which send the same {@code Stats} and {@code StreamEvent}.
 */
public final class Views {

  private static final ProtocolCodec CODEC = new ProtocolCodec();

  private Views() {}

  static Map<String, Object> connection(SessionPage page, SessionSort sort) {
    List<Map<String, Object>> edges = new ArrayList<>(page.sessions().size());
    String endCursor = null;
    for (SessionView session : page.sessions()) {
      endCursor = sort.cursorOf(session).encode();
      edges.add(Map.of("cursor", endCursor, "node", session));
    }
    Map<String, Object> pageInfo = new LinkedHashMap<>();
    pageInfo.put("hasNextPage", page.hasNextPage());
    pageInfo.put("endCursor", endCursor);
    return Map.of(
        "edges",
        edges,
        "nodes",
        page.sessions(),
        "pageInfo",
        pageInfo,
        "totalCount",
        page.totalCount());
  }

  public static Map<String, Object> stats(StatsSnapshot s) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("instanceId", s.instanceId());
    view.put("at", s.at().toString());
    view.put("activeConnections", s.activeConnections());
    view.put("totalConnections", s.totalConnections());
    view.put("activeSubscriptions", s.activeSubscriptions());
    view.put("eventsPublished", s.eventsPublished());
    view.put("eventsBroadcast", s.eventsBroadcast());
    view.put("eventsDelivered", s.eventsDelivered());
    view.put("eventsDropped", s.eventsDropped());
    view.put("droppedByReason", dropCounts(s.droppedByReason()));
    view.put("slowConsumerCloses", s.slowConsumerCloses());
    view.put("latencyP50Ms", s.latencyP50Millis());
    view.put("latencyP99Ms", s.latencyP99Millis());
    view.put("uptimeSeconds", s.uptime().toSeconds());
    view.put("eventsPerSecond", s.eventsPerSecond());
    view.put("deliveriesPerSecond", s.deliveriesPerSecond());
    return view;
  }

  private static List<Map<String, Object>> dropCounts(Map<String, Long> byReason) {
    return byReason.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> Map.<String, Object>of("reason", e.getKey(), "count", e.getValue()))
        .toList();
  }

  public static Map<String, Object> event(EventEnvelope envelope) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("seq", envelope.seq());
    view.put("messageId", envelope.messageId());
    view.put("timestamp", envelope.timestamp().toString());
    view.put("priority", envelope.priority().name());
    view.put("tenant", envelope.tenant());
    view.put("eventType", envelope.event().type().name());
    view.put("incidentId", envelope.event().filterIncidentId());
    view.put("event", new String(CODEC.encodeEvent(envelope.event()), StandardCharsets.UTF_8));
    return view;
  }

  static List<Map<String, Object>> labels(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(e -> Map.<String, Object>of("key", e.getKey(), "value", e.getValue()))
        .toList();
  }

  static Map<String, Object> disconnected(List<String> sessionIds) {
    return Map.of("disconnected", sessionIds.size(), "sessionIds", sessionIds);
  }
}
