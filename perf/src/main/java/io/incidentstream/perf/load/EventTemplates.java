package io.incidentstream.perf.load;

import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Realistic event JSON (a full incident or alert, about 1 KB), rendered once per type and severity
 * by the domain codec with placeholders, then filled in per event with its team and {@link Stamp}
 * by copying bytes. Immutable and thread-safe.
 */
final class EventTemplates {

  private static final String TEAM_SLOT = "@TEAM@";
  private static final String STAMP_SLOT = "@STAMP@";
  private static final Instant CREATED = Instant.parse("2026-11-25T03:12:00Z");
  private static final UUID INCIDENT_ID = UUID.fromString("6f1d2c3b-4a59-4e8f-9b7a-1c2d3e4f5a6b");
  private static final UUID ALERT_ID = UUID.fromString("0b7c2a8e-5d0f-4a53-9a8e-2f1c3d4e5f60");

  private final Template[][] templates;

  EventTemplates() {
    ProtocolCodec codec = new ProtocolCodec();
    templates = new Template[FilterMix.EVENT_TYPES.size()][FilterMix.SEVERITIES.size()];
    for (int t = 0; t < templates.length; t++) {
      for (int s = 0; s < templates[t].length; s++) {
        IncidentEvent event = event(FilterMix.EVENT_TYPES.get(t), FilterMix.SEVERITIES.get(s));
        templates[t][s] = Template.split(codec.encodeEvent(event));
      }
    }
  }

  /** Writes the event JSON of the given type and severity (indexes into {@link FilterMix}). */
  void write(ByteBuf out, int typeIndex, int severityIndex, int group, long seq, long sentNanos) {
    Template template = templates[typeIndex][severityIndex];
    out.writeBytes(template.beforeTeam);
    ByteBufUtil.writeAscii(out, FilterMix.team(group));
    out.writeBytes(template.beforeStamp);
    Stamp.write(out, group, seq, sentNanos);
    out.writeBytes(template.after);
  }

  /** The event JSON as a string, for tests and the baseline's self-check. */
  String render(int typeIndex, int severityIndex, int group, long seq, long sentNanos) {
    ByteBuf out = Unpooled.buffer();
    try {
      write(out, typeIndex, severityIndex, group, seq, sentNanos);
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      out.release();
    }
  }

  private static IncidentEvent event(EventType type, Severity severity) {
    return switch (type) {
      case INCIDENT_CREATED -> new IncidentCreated(incident(severity, IncidentState.DETECTED));
      case INCIDENT_UPDATED ->
          new IncidentUpdated(
              incident(severity, IncidentState.INVESTIGATING), IncidentState.TRIAGED);
      case INCIDENT_RESOLVED -> new IncidentResolved(incident(severity, IncidentState.RESOLVED));
      case INCIDENT_CLOSED -> new IncidentClosed(incident(severity, IncidentState.CLOSED));
      case ALERT_RECEIVED -> new AlertReceived(alert(severity));
      case ALERT_CONVERTED -> new AlertConverted(alert(severity), INCIDENT_ID);
      default -> throw new IllegalArgumentException("no template for " + type);
    };
  }

  private static Incident incident(Severity severity, IncidentState state) {
    return Incident.builder(INCIDENT_ID, severity, state, CREATED)
        .updatedAt(CREATED.plusSeconds(95))
        .incidentType(IncidentType.AVAILABILITY)
        .source("prometheus")
        .title("checkout-api error rate above 5% in eu-west-1")
        .description(
            "5xx responses from checkout-api rose from 0.2% to 7.9% within 4 minutes after the"
                + " v2.14.3 rollout; payment confirmations are failing for a subset of users.")
        .affectedResources(List.of("checkout-api", "payments-db", "eu-west-1"))
        .labels(labels())
        .assignees(List.of("alice", "bob"))
        .fingerprint("checkout-api:error-rate:eu-west-1")
        .correlationScore(0.87)
        .build();
  }

  private static Alert alert(Severity severity) {
    return Alert.builder(ALERT_ID, severity, CREATED)
        .externalId("alertmanager-7f3c91")
        .source("alertmanager")
        .alertType("HighErrorRate")
        .title("checkout-api 5xx ratio above threshold")
        .description(
            "sum(rate(http_requests_total{code=\"500\"}[5m])) / sum(rate(http_requests_total[5m]))")
        .labels(labels())
        .affectedServices(List.of("checkout-api", "payments-gateway"))
        .runbookUrl("https://runbooks.example.com/checkout-api/high-error-rate")
        .annotations(Map.of("summary", "5xx ratio 7.9% for 4m", "dashboard", "grafana/d/checkout"))
        .build();
  }

  private static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(FilterMix.TEAM_LABEL, TEAM_SLOT);
    labels.put("env", "production");
    labels.put("region", "eu-west-1");
    labels.put(Stamp.LABEL, STAMP_SLOT);
    return labels;
  }

  /** Rendered JSON cut at the two slots. */
  @SuppressWarnings("ArrayRecordComponent") // never compared: only written out
  private record Template(byte[] beforeTeam, byte[] beforeStamp, byte[] after) {

    static Template split(byte[] json) {
      String text = new String(json, StandardCharsets.UTF_8);
      int team = onlyIndexOf(text, TEAM_SLOT);
      int stamp = onlyIndexOf(text, STAMP_SLOT);
      if (team > stamp || text.indexOf(Stamp.MARK) >= 0) {
        throw new IllegalStateException("unexpected event template layout: " + text);
      }
      return new Template(
          bytes(text.substring(0, team)),
          bytes(text.substring(team + TEAM_SLOT.length(), stamp)),
          bytes(text.substring(stamp + STAMP_SLOT.length())));
    }

    private static int onlyIndexOf(String text, String slot) {
      int first = text.indexOf(slot);
      if (first < 0 || text.indexOf(slot, first + 1) >= 0) {
        throw new IllegalStateException("expected one " + slot + " in template " + text);
      }
      return first;
    }

    private static byte[] bytes(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }
}
