package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.event.JsonNull;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.PlaybookActionExecuted;
import io.incidentstream.domain.event.PlaybookCompleted;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Note;
import io.incidentstream.domain.model.Resolution;
import io.incidentstream.domain.model.ResolutionMethod;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.TimelineEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Any event of any of the 14 types survives encode, then decode, unchanged. */
class CodecRoundTripPropertyTest {

  private final ProtocolCodec codec = new ProtocolCodec();
  private final ClusterCodec cluster = new ClusterCodec();

  @Property(tries = 1500)
  void shouldRoundTripEveryEventType(@ForAll("events") IncidentEvent event) {
    String json = new String(codec.encodeEvent(event), StandardCharsets.UTF_8);

    assertThat(codec.decodeEvent(json)).isEqualTo(Decoded.ok(event));
  }

  @Property(tries = 1000)
  void shouldRoundTripEventFrames(
      @ForAll("events") IncidentEvent event, @ForAll("subscriptionIds") List<String> ids) {
    EventEnvelope envelope =
        EventEnvelope.wrap(
            UUID.randomUUID(), 7, Instant.ofEpochSecond(1_700_000_000L, 5), "default", event);
    ServerMessage.Event frame = new ServerMessage.Event(envelope, ids);

    String json = new String(codec.encode(frame), StandardCharsets.UTF_8);

    assertThat(codec.decodeServer(json)).isEqualTo(Decoded.ok(frame));
  }

  @Property(tries = 1000)
  void shouldRoundTripBusEnvelopes(
      @ForAll("events") IncidentEvent event, @ForAll("texts") String tenant) {
    EventEnvelope envelope =
        EventEnvelope.wrap(
            UUID.randomUUID(), 41_828, Instant.ofEpochSecond(1_700_000_000L, 5), tenant, event);
    BusEnvelope bus = new BusEnvelope("0123456789abcdef:41000", envelope);

    String json = new String(cluster.encodeEnvelope(bus), StandardCharsets.UTF_8);

    assertThat(cluster.decodeEnvelope(json)).isEqualTo(Decoded.ok(bus));
  }

  @Property(tries = 1000)
  void shouldNeverThrowOnArbitraryBusInput(@ForAll("texts") String text) {
    assertThat(cluster.decodeEnvelope(text)).isInstanceOf(Decoded.Failed.class);
    assertThat(cluster.decodeHeartbeat(text)).isInstanceOf(Decoded.Failed.class);
    assertThat(cluster.decodeIngest(text)).isNotNull();
  }

  @Provide
  Arbitrary<List<String>> subscriptionIds() {
    return texts().filter(s -> !s.isEmpty()).list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<IncidentEvent> events() {
    return Arbitraries.oneOf(
        incidents().map(IncidentCreated::new),
        Combinators.combine(incidents(), states()).as(IncidentUpdated::new),
        incidents().map(IncidentResolved::new),
        incidents().map(IncidentClosed::new),
        alerts().map(AlertReceived::new),
        Combinators.combine(alerts(), uuids()).as(AlertConverted::new),
        Combinators.combine(uuids(), severities(), severities(), texts()).as(Escalated::new),
        Combinators.combine(uuids(), texts(), texts()).as(PlaybookStarted::new),
        Combinators.combine(uuids(), texts(), texts(), Arbitraries.of(true, false), texts())
            .as(PlaybookActionExecuted::new),
        Combinators.combine(
                uuids(),
                texts(),
                Arbitraries.of(true, false),
                Arbitraries.integers().greaterOrEqual(0))
            .as(PlaybookCompleted::new),
        Combinators.combine(uuids(), texts(), Arbitraries.of(true, false))
            .as(NotificationSent::new),
        Combinators.combine(uuids(), texts().list().ofMaxSize(3)).as(AssignmentChanged::new),
        Combinators.combine(uuids(), texts(), texts(), instants()).as(CommentAdded::new),
        Combinators.combine(texts(), texts(), metadata()).as(SystemEvent::new));
  }

  private Arbitrary<Incident> incidents() {
    Arbitrary<Object[]> head =
        Combinators.combine(
                uuids(),
                instants(),
                instants(),
                states(),
                severities(),
                Arbitraries.of(IncidentType.class),
                texts(),
                texts())
            .as((a, b, c, d, e, f, g, h) -> new Object[] {a, b, c, d, e, f, g, h});
    Arbitrary<Object[]> tail =
        Combinators.combine(
                texts(),
                texts().list().ofMaxSize(3),
                labels(),
                uuids().list().ofMaxSize(2),
                texts().injectNull(0.3),
                resolutions().injectNull(0.4),
                timelineEvent().list().ofMaxSize(3),
                texts().list().ofMaxSize(3))
            .as((a, b, c, d, e, f, g, h) -> new Object[] {a, b, c, d, e, f, g, h});
    Arbitrary<Double> scores = Arbitraries.doubles().between(0, 1).injectNull(0.3);
    return Combinators.combine(head, tail, texts().injectNull(0.3), scores)
        .as(CodecRoundTripPropertyTest::incident);
  }

  @SuppressWarnings("unchecked")
  private static Incident incident(Object[] h, Object[] t, String fingerprint, Double score) {
    return new Incident(
        (UUID) h[0],
        (Instant) h[1],
        (Instant) h[2],
        (IncidentState) h[3],
        (Severity) h[4],
        (IncidentType) h[5],
        (String) h[6],
        (String) h[7],
        (String) t[0],
        (List<String>) t[1],
        (Map<String, String>) t[2],
        (List<UUID>) t[3],
        (String) t[4],
        (Resolution) t[5],
        (List<TimelineEvent>) t[6],
        (List<String>) t[7],
        fingerprint,
        score);
  }

  private Arbitrary<Alert> alerts() {
    Arbitrary<Object[]> head =
        Combinators.combine(
                uuids(), texts(), texts(), instants(), instants(), severities(), texts(), texts())
            .as((a, b, c, d, e, f, g, h) -> new Object[] {a, b, c, d, e, f, g, h});
    Arbitrary<Object[]> tail =
        Combinators.combine(
                texts(),
                labels(),
                texts().list().ofMaxSize(3),
                texts().injectNull(0.3),
                labels(),
                uuids().injectNull(0.5),
                Arbitraries.of(true, false),
                uuids().injectNull(0.5))
            .as((a, b, c, d, e, f, g, h) -> new Object[] {a, b, c, d, e, f, g, h});
    return Combinators.combine(head, tail).as(CodecRoundTripPropertyTest::alert);
  }

  @SuppressWarnings("unchecked")
  private static Alert alert(Object[] h, Object[] t) {
    return new Alert(
        (UUID) h[0],
        (String) h[1],
        (String) h[2],
        (Instant) h[3],
        (Instant) h[4],
        (Severity) h[5],
        (String) h[6],
        (String) h[7],
        (String) t[0],
        (Map<String, String>) t[1],
        (List<String>) t[2],
        (String) t[3],
        (Map<String, String>) t[4],
        (UUID) t[5],
        (Boolean) t[6],
        (UUID) t[7]);
  }

  private Arbitrary<Resolution> resolutions() {
    Arbitrary<Note> notes = Combinators.combine(texts(), texts(), instants()).as(Note::new);
    return Combinators.combine(
            instants(),
            texts(),
            Arbitraries.of(ResolutionMethod.class),
            texts().injectNull(0.3),
            texts(),
            notes.list().ofMaxSize(2))
        .as(Resolution::new);
  }

  private Arbitrary<TimelineEvent> timelineEvent() {
    return Combinators.combine(instants(), texts(), texts(), texts().injectNull(0.3))
        .as(TimelineEvent::new);
  }

  private Arbitrary<Map<String, Object>> metadata() {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            texts().map(s -> (Object) s),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.doubles().map(d -> (Object) d),
            Arbitraries.of(true, false).map(b -> (Object) b),
            Arbitraries.just(JsonNull.INSTANCE));
    Arbitrary<Object> nested =
        Arbitraries.oneOf(
            leaf,
            leaf.list().ofMaxSize(3).map(l -> (Object) l),
            Arbitraries.maps(texts(), leaf).ofMaxSize(3).map(m -> (Object) m));
    return Arbitraries.maps(texts(), nested).ofMaxSize(4);
  }

  private Arbitrary<Map<String, String>> labels() {
    return Arbitraries.maps(texts(), texts()).ofMaxSize(3);
  }

  private Arbitrary<UUID> uuids() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
  }

  private Arbitrary<Instant> instants() {
    // Years 1970 to about 2100, with nanosecond precision.
    return Combinators.combine(
            Arbitraries.longs().between(0, 4_102_444_800L),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
  }

  private Arbitrary<Severity> severities() {
    return Arbitraries.of(Severity.class);
  }

  private Arbitrary<IncidentState> states() {
    return Arbitraries.of(IncidentState.class);
  }

  // Printable ASCII, controls, quotes, Latin-1, CJK and a surrogate pair, but no lone surrogates.
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> generated =
        Arbitraries.strings()
            .withCharRange('\u0000', '\u00ff')
            .withCharRange('\u4e00', '\u4e0f')
            .ofMaxLength(12);
    return Arbitraries.frequencyOf(
        Tuple.of(9, generated), Tuple.of(1, Arbitraries.of("😀\"\\", "a\u2028b")));
  }
}
