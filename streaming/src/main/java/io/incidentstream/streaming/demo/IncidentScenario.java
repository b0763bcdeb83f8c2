package io.incidentstream.streaming.demo;

import static io.incidentstream.streaming.demo.DemoCatalog.pick;

import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.PlaybookActionExecuted;
import io.incidentstream.domain.event.PlaybookCompleted;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Note;
import io.incidentstream.domain.model.Resolution;
import io.incidentstream.domain.model.ResolutionMethod;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.TimelineEvent;
import io.incidentstream.streaming.demo.DemoCatalog.Playbook;
import io.incidentstream.streaming.demo.DemoCatalog.Problem;
import io.incidentstream.streaming.demo.DemoCatalog.Service;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One incident's life from first alert to closing, as a script that yields its next event on each
 * call: alert received and converted, incident created, triaged, investigated, remediated,
 * escalated, a playbook run, a notification, an assignment, a comment, resolved, closed, with a
 * related system event on the way. Not thread-safe: owned by one generator thread.
 */
final class IncidentScenario {

  private enum Stage {
    ALERT_RECEIVED,
    ALERT_CONVERTED,
    INCIDENT_CREATED,
    TRIAGED,
    INVESTIGATING,
    REMEDIATING,
    ESCALATED,
    PLAYBOOK_STARTED,
    PLAYBOOK_ACTIONS,
    DEPLOY_FREEZE,
    PLAYBOOK_COMPLETED,
    NOTIFICATION_SENT,
    ASSIGNMENT_CHANGED,
    COMMENT_ADDED,
    RESOLVED,
    CLOSED,
    DONE
  }

  private final Random random;
  private final Service service;
  private final Problem problem;
  private final Playbook playbook;
  private final String source;
  private final String responder;
  private final Map<String, String> labels;

  private Stage stage = Stage.ALERT_RECEIVED;
  private @Nullable Alert alert;
  private @Nullable Incident incident;
  private int actionsDone;
  private boolean playbookFailed;

  IncidentScenario(Random random) {
    this.random = random;
    this.service = pick(random, DemoCatalog.SERVICES);
    this.problem = pick(random, service.problems());
    this.playbook = problem.playbook();
    this.source = pick(random, DemoCatalog.SOURCES);
    this.responder = pick(random, DemoCatalog.RESPONDERS);
    this.labels = labels(random, service);
  }

  boolean isDone() {
    return stage == Stage.DONE;
  }

  /** The next event of this incident's life at {@code now}; throws once {@link #isDone()}. */
  IncidentEvent next(Instant now) {
    IncidentEvent event = eventFor(stage, now);
    stage = following(stage);
    return event;
  }

  private IncidentEvent eventFor(Stage current, Instant now) {
    return switch (current) {
      case ALERT_RECEIVED -> new AlertReceived(receiveAlert(now));
      case ALERT_CONVERTED -> convertAlert(now);
      case INCIDENT_CREATED -> new IncidentCreated(incident());
      case TRIAGED -> move(IncidentState.TRIAGED, now, "Triaged by " + responder);
      case INVESTIGATING -> move(IncidentState.INVESTIGATING, now, "Investigation started");
      case REMEDIATING -> move(IncidentState.REMEDIATING, now, "Remediation started");
      case ESCALATED -> escalate(now);
      case PLAYBOOK_STARTED -> startPlaybook(now);
      case PLAYBOOK_ACTIONS -> runAction();
      case DEPLOY_FREEZE -> deployFreeze();
      case PLAYBOOK_COMPLETED ->
          new PlaybookCompleted(incident().id(), playbook.id(), !playbookFailed, actionsDone);
      case NOTIFICATION_SENT ->
          new NotificationSent(incident().id(), pick(random, DemoCatalog.CHANNELS), true);
      case ASSIGNMENT_CHANGED -> assignSecondResponder(now);
      case COMMENT_ADDED -> new CommentAdded(incident().id(), responder, comment(), now);
      case RESOLVED -> new IncidentResolved(resolve(now));
      case CLOSED -> new IncidentClosed(close(now));
      case DONE -> throw new IllegalStateException("scenario already finished");
    };
  }

  private Stage following(Stage current) {
    if (current == Stage.PLAYBOOK_ACTIONS && actionsDone < playbook.actions().size()) {
      return Stage.PLAYBOOK_ACTIONS;
    }
    return Stage.values()[Math.min(current.ordinal() + 1, Stage.DONE.ordinal())];
  }

  private Alert receiveAlert(Instant now) {
    Severity severity = Severity.values()[1 + random.nextInt(3)];
    alert =
        new Alert(
            uuid(),
            source + "-" + HexFormat.of().toHexDigits(random.nextInt()),
            source,
            now.minusSeconds(5 + random.nextInt(55)),
            now,
            severity,
            problem.alertType(),
            problem.title(),
            problem.description(),
            labels,
            List.of(service.name()),
            "https://runbooks.example.com/" + service.name() + "/" + problem.alertType(),
            Map.of("summary", problem.description()),
            null,
            false,
            null);
    return alert;
  }

  private AlertConverted convertAlert(Instant now) {
    Alert received = alert();
    UUID id = uuid();
    alert = received.toBuilder().incidentId(id).build();
    incident = seedIncident(id, now);
    return new AlertConverted(alert, id);
  }

  private Incident seedIncident(UUID id, Instant now) {
    Alert converted = alert();
    return new Incident(
        id,
        now,
        now,
        IncidentState.DETECTED,
        converted.severity(),
        problem.type(),
        source,
        problem.title(),
        problem.description(),
        List.of(service.name()),
        labels,
        List.of(),
        null,
        null,
        List.of(
            new TimelineEvent(
                now, "created", "Created from alert " + converted.externalId(), null)),
        List.of(responder),
        service.name() + ":" + problem.alertType(),
        null);
  }

  private IncidentUpdated move(IncidentState to, Instant now, String what) {
    Incident before = incident();
    incident =
        evolve(
            before,
            to,
            before.severity(),
            before.activePlaybook(),
            null,
            before.assignees(),
            now,
            "state_changed",
            what);
    return new IncidentUpdated(incident, before.state());
  }

  private Escalated escalate(Instant now) {
    Incident before = incident();
    Severity to = Severity.values()[before.severity().ordinal() - 1];
    String reason = "Customer impact confirmed in " + labels.get("region");
    incident =
        evolve(
            before,
            before.state(),
            to,
            before.activePlaybook(),
            null,
            before.assignees(),
            now,
            "escalated",
            reason);
    return new Escalated(before.id(), before.severity(), to, reason);
  }

  private PlaybookStarted startPlaybook(Instant now) {
    Incident before = incident();
    incident =
        evolve(
            before,
            before.state(),
            before.severity(),
            playbook.id(),
            null,
            before.assignees(),
            now,
            "playbook_started",
            "Playbook " + playbook.name() + " started");
    return new PlaybookStarted(before.id(), playbook.id(), playbook.name());
  }

  private PlaybookActionExecuted runAction() {
    String action = playbook.actions().get(actionsDone);
    actionsDone++;
    boolean success = random.nextInt(10) != 0;
    playbookFailed |= !success;
    String message =
        success ? action + " completed on " + service.name() : action + " timed out after 120s";
    return new PlaybookActionExecuted(incident().id(), playbook.id(), action, success, message);
  }

  private SystemEvent deployFreeze() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("incident_id", incident().id().toString());
    metadata.put("service", service.name());
    metadata.put("region", labels.get("region"));
    return new SystemEvent(
        "deployment",
        "Deploy freeze enabled for " + service.name() + " during remediation",
        metadata);
  }

  private AssignmentChanged assignSecondResponder(Instant now) {
    Incident before = incident();
    List<String> assignees = new ArrayList<>(before.assignees());
    assignees.add(otherResponder());
    incident =
        evolve(
            before,
            before.state(),
            before.severity(),
            before.activePlaybook(),
            null,
            assignees,
            now,
            "assigned",
            "Assigned to " + String.join(", ", assignees));
    return new AssignmentChanged(before.id(), incident.assignees());
  }

  private Incident resolve(Instant now) {
    Incident before = incident();
    Resolution resolution =
        new Resolution(
            now,
            responder,
            playbookFailed ? ResolutionMethod.MANUAL : ResolutionMethod.PLAYBOOK,
            problem.rootCause(),
            "Mitigated with " + playbook.name().toLowerCase(Locale.ROOT),
            List.of(new Note(responder, "Follow-up ticket opened for the root cause", now)));
    incident =
        evolve(
            before,
            IncidentState.RESOLVED,
            before.severity(),
            null,
            resolution,
            before.assignees(),
            now,
            "resolved",
            "Resolved by " + responder);
    return incident;
  }

  private Incident close(Instant now) {
    Incident before = incident();
    incident =
        evolve(
            before,
            IncidentState.CLOSED,
            before.severity(),
            null,
            before.resolution(),
            before.assignees(),
            now,
            "closed",
            "Closed after review");
    return incident;
  }

  private String comment() {
    return "Root cause: "
        + problem.rootCause()
        + ". Watching "
        + service.name()
        + " for 30 minutes.";
  }

  /** A version-4 UUID drawn from the script's random, so a seeded run is repeatable. */
  private UUID uuid() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }

  private String otherResponder() {
    String other = pick(random, DemoCatalog.RESPONDERS);
    return other.equals(responder) ? "sre-oncall" : other;
  }

  private Alert alert() {
    if (alert == null) {
      throw new IllegalStateException("no alert yet");
    }
    return alert;
  }

  private Incident incident() {
    if (incident == null) {
      throw new IllegalStateException("no incident yet");
    }
    return incident;
  }

  private static Incident evolve(
      Incident from,
      IncidentState state,
      Severity severity,
      @Nullable String activePlaybook,
      @Nullable Resolution resolution,
      List<String> assignees,
      Instant now,
      String action,
      String what) {
    List<TimelineEvent> timeline = new ArrayList<>(from.timeline());
    timeline.add(new TimelineEvent(now, action, what, null));
    return from.toBuilder()
        .updatedAt(now)
        .state(state)
        .severity(severity)
        .activePlaybook(activePlaybook)
        .resolution(resolution)
        .timeline(timeline)
        .assignees(assignees)
        .build();
  }

  private static Map<String, String> labels(Random random, Service service) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("env", pick(random, DemoCatalog.ENVIRONMENTS));
    labels.put("region", pick(random, DemoCatalog.REGIONS));
    labels.put("team", service.team());
    labels.put("service", service.name());
    return labels;
  }
}
