package io.incidentstream.streaming.fanout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.fanout.internal.Connection.Held;
import io.incidentstream.streaming.support.StreamFixtures;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConnectionTest {

  private static final EventMatcher ALL = event -> true;
  private static final EventMatcher P1 =
      event -> event instanceof IncidentCreated c && c.incident().severity() == Severity.P1;

  private final Connection connection = new Connection(null);

  @Test
  void shouldCatchUpAnEventForEverySubscriptionThatStillWantsIt() {
    connection.subscriptions.put("p1", new Held(SubscriptionFilters.NONE, P1, 10, null));
    connection.subscriptions.put("all", new Held(SubscriptionFilters.NONE, ALL, 10, null));

    assertThat(connection.idsToCatchUp(p1(11))).containsExactly("p1", "all");
    assertThat(connection.idsToCatchUp(p3(12))).containsExactly("all");
    assertThat(connection.idsToCatchUp(p1(10))).isEmpty();
  }

  @Test
  void shouldNotCatchUpWhatAnotherSubscriptionAlreadySentLive() {
    connection.subscriptions.put("p1", new Held(SubscriptionFilters.NONE, P1, 10, null));
    connection.settle(20);
    connection.subscriptions.put("all", new Held(SubscriptionFilters.NONE, ALL, 5, null));

    assertThat(connection.idsToCatchUp(p1(15))).isEmpty();
    assertThat(connection.idsToCatchUp(p3(15))).containsExactly("all");
    assertThat(connection.idsToCatchUp(p1(8))).containsExactly("all");
    assertThat(connection.idsToCatchUp(p1(21))).containsExactly("p1", "all");
  }

  @Test
  void shouldCountWhatAReplacedSubscriptionSentAsSent() {
    Held old = new Held(SubscriptionFilters.NONE, P1, 10, null);
    old.handledUpTo = 20;
    connection.subscriptions.put("x", new Held(SubscriptionFilters.NONE, ALL, 5, old));

    assertThat(connection.idsToCatchUp(p1(15))).isEmpty();
    assertThat(connection.idsToCatchUp(p3(15))).containsExactly("x");
  }

  private static EventEnvelope p1(long seq) {
    return envelope(seq, Severity.P1);
  }

  private static EventEnvelope p3(long seq) {
    return envelope(seq, Severity.P3);
  }

  private static EventEnvelope envelope(long seq, Severity severity) {
    return EventEnvelope.wrap(
        UUID.randomUUID(),
        seq,
        Instant.now(),
        EventEnvelope.DEFAULT_TENANT,
        StreamFixtures.created(severity));
  }
}
