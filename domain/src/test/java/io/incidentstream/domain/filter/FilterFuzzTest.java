package io.incidentstream.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.support.FuzzTally;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the filter form a client sends ({@code "filters"} of a {@code subscribe}, read by {@code
 * FiltersJson} through {@link ProtocolCodec#decodeClient}) and the compile step of whatever it
 * accepts ({@link FilterCompiler#compile}). Accepted filters compile, and the compiled matcher
 * agrees with the plain reference model of {@link FilterPropertiesTest} on the golden events and on
 * events built from the filter's own values (so matches happen, not only misses).
 */
class FilterFuzzTest {

  private static final byte[] HEAD =
      "{\"type\":\"subscribe\",\"subscription_id\":\"fuzz\",\"filters\":"
          .getBytes(StandardCharsets.UTF_8);

  private static final ProtocolCodec CODEC = new ProtocolCodec();

  private static final List<IncidentEvent> GOLDEN = goldenEvents();

  private static final FuzzTally TALLY =
      new FuzzTally(
          "11-fuzz-filter",
          "Fuzzing: subscription filters",
          "the `filters` object of a `subscribe` (the input is the object; the frame around it is"
              + " fixed), decoded by `ProtocolCodec.decodeClient`, then `FilterCompiler.compile`",
          "decodes and compiles, and the compiled matcher agrees with the reference model on the "
              + GOLDEN.size()
              + " golden events and on events built from the filter's own values; or `error`"
              + " `INVALID_MESSAGE` naming the field; nothing thrown",
          "src/test/resources/io/incidentstream/domain/filter/FilterFuzzTestInputs");

  @FuzzTest(maxDuration = "30s")
  void compileFilters(byte[] filters) {
    if (filters.length > 64 * 1024 - HEAD.length - 1) {
      return;
    }
    TALLY.input(filters.length);
    try {
      check(filters);
    } catch (Throwable t) {
      TALLY.finding(t);
      throw t;
    }
  }

  private static void check(byte[] filters) {
    byte[] frame = new byte[HEAD.length + filters.length + 1];
    System.arraycopy(HEAD, 0, frame, 0, HEAD.length);
    System.arraycopy(filters, 0, frame, HEAD.length, filters.length);
    frame[frame.length - 1] = '}';
    Decoded<ClientMessage> decoded = CODEC.decodeClient(new String(frame, StandardCharsets.UTF_8));
    if (decoded instanceof Decoded.Failed<ClientMessage> failed) {
      TALLY.rejected("INVALID_MESSAGE", failed);
      return;
    }
    ClientMessage message = ((Decoded.Ok<ClientMessage>) decoded).value();
    if (!(message instanceof ClientMessage.Subscribe subscribe)) {
      TALLY.outcome("decoded: not a subscribe (the input closed the frame early)");
      return;
    }
    SubscriptionFilters f = subscribe.filters();
    EventMatcher matcher = FilterCompiler.compile(f);
    int matched = 0;
    for (IncidentEvent event : events(f)) {
      boolean expected = FilterPropertiesTest.Reference.matches(f, event);
      assertThat(matcher.matches(event)).as("%s against %s", f, event).isEqualTo(expected);
      matched += expected ? 1 : 0;
    }
    TALLY.outcome(
        f.equals(SubscriptionFilters.NONE)
            ? "compiled: no restriction"
            : matched > 0 ? "compiled: matched some events" : "compiled: matched none");
  }

  /** The golden events, and events that carry the filter's first values. */
  private static List<IncidentEvent> events(SubscriptionFilters f) {
    List<IncidentEvent> events = new ArrayList<>(GOLDEN);
    UUID id = first(f.incidentIds(), UUID.fromString("7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70"));
    Severity severity = first(f.severities(), Severity.P2);
    IncidentState state = first(f.states(), IncidentState.DETECTED);
    String source = first(f.sources(), "prometheus");
    Incident incident =
        TestEvents.incident(id, severity, state, source, f.affectedResources(), f.labels());
    Alert alert = TestEvents.alert(severity, source, f.affectedResources(), f.labels(), id);
    events.add(TestEvents.incidentEvent(EventType.INCIDENT_CREATED, incident));
    events.add(TestEvents.alertReceived(alert));
    events.add(TestEvents.escalated(id, Severity.P4, severity));
    events.add(TestEvents.incidentIdOnly(EventType.COMMENT_ADDED, id));
    events.add(TestEvents.systemEvent());
    return events;
  }

  private static <T> T first(List<T> values, T otherwise) {
    return values.isEmpty() ? otherwise : values.get(0);
  }

  private static List<IncidentEvent> goldenEvents() {
    List<IncidentEvent> events = new ArrayList<>();
    for (EventType type : EventType.values()) {
      String name = "/protocol/event/" + type.wire() + ".json";
      try (InputStream in = FilterFuzzTest.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing golden file " + name);
        }
        String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        events.add(((Decoded.Ok<IncidentEvent>) CODEC.decodeEvent(json)).value());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(events);
  }

  @AfterAll
  static void report() {
    TALLY.write();
  }
}
