package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.DisconnectResult;
import io.incidentstream.domain.port.SessionControl;
import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.streaming.ws.LocalSessions;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * This instance's part of a cluster-wide admin read or command, for the other instances ({@link
 * PeerClient}): its own sessions and stats only, never a peer's. Role admin, like every API path.
 */
@Controller(PeerAdminController.BASE)
final class PeerAdminController {

  static final String BASE = "/api/v1/admin/local";
  static final String SESSIONS = BASE + "/sessions";
  static final String STATS = BASE + "/stats";
  static final String DISCONNECT_SESSION = BASE + "/disconnect-session";
  static final String DISCONNECT_SUBJECT = BASE + "/disconnect-subject";

  private final LocalSessions sessions;
  private final LocalStats stats;

  PeerAdminController(LocalSessions sessions, LocalStats stats) {
    this.sessions = sessions;
    this.stats = stats;
  }

  @Post(
      uri = "/sessions",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  CompletionStage<SessionPage> page(@Body SessionPageRequest request) {
    return sessions.page(request);
  }

  @Get(uri = "/sessions/{id}", produces = MediaType.APPLICATION_JSON)
  CompletionStage<AdminWire.FindReply> find(@PathVariable String id) {
    return sessions.find(id).thenApply(found -> new AdminWire.FindReply(found.orElse(null)));
  }

  @Get(uri = "/stats", produces = MediaType.APPLICATION_JSON)
  AdminWire.LocalStatsReply stats() {
    LatencyWindow window = stats.latencyWindow();
    return new AdminWire.LocalStatsReply(
        stats.snapshot(), window.boundsMillis(), window.cumulative());
  }

  @Post(
      uri = "/disconnect-session",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<DisconnectResult> disconnectSession(@Body AdminWire.DisconnectRequest request) {
    SessionControl.checkReason(request.reason());
    List<String> closed = sessions.disconnect(request.target(), request.reason()).stream().toList();
    return HttpResponse.ok(new DisconnectResult(closed, List.of()));
  }

  @Post(
      uri = "/disconnect-subject",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  CompletionStage<DisconnectResult> disconnectSubject(@Body AdminWire.DisconnectRequest request) {
    SessionControl.checkReason(request.reason());
    return sessions
        .disconnectSubject(request.target(), request.reason())
        .thenApply(closed -> new DisconnectResult(closed, List.of()));
  }
}
