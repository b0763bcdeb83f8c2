package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code tenants} claim of a real token bounds what a real {@code /ws} session receives, end to
 * end: the handshake's tenants reach the tenant-partitioned index, resume replays only them, and a
 * refresh that narrows them takes effect with the next event. To prove an event did not arrive, the
 * tests publish it and then an event the session does receive: events arrive in seq order, so the
 * first would have come before the second.
 */
@MicronautTest(environments = WsTestEnv.NAME)
class TenantIsolationIT {

  private static final Duration TTL = Duration.ofHours(1);

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;

  private final List<WsTestClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(WsTestClient::close);
  }

  private WsTestClient connect(String subject, String... tenants) {
    WsTestClient client =
        WsTestClient.connectWithToken(
            server.getURI(), TestTokens.viewer(subject, List.of(tenants), TTL));
    client.awaitType("welcome");
    clients.add(client);
    return client;
  }

  private WsTestClient subscribed(WsTestClient client) {
    client.subscribe("all", "{}");
    client.awaitType("subscribed");
    return client;
  }

  private long publish(String tenant) {
    EventEnvelope envelope = publisher.publish(StreamFixtures.created(Severity.P2), tenant);
    return envelope.seq();
  }

  private static List<Long> seqs(List<JsonNode> events) {
    return events.stream().map(e -> e.path("seq").asLong()).toList();
  }

  @Test
  void shouldDeliverToEachSessionOnlyTheTenantsItsTokenNames() {
    WsTestClient alice = subscribed(connect("alice", "acme"));
    WsTestClient bob = subscribed(connect("bob", "beta"));
    WsTestClient ops = subscribed(connect("ops", "*"));

    long acme = publish("acme");
    long beta = publish("beta");
    long acmeAgain = publish("acme");
    long betaAgain = publish("beta");

    assertThat(seqs(ops.awaitEvents(4))).containsExactly(acme, beta, acmeAgain, betaAgain);
    assertThat(seqs(alice.awaitEvents(2))).containsExactly(acme, acmeAgain);
    assertThat(seqs(bob.awaitEvents(2))).containsExactly(beta, betaAgain);
    publish("gamma");
    long last = publish("acme");
    publish("beta");
    assertThat(seqs(alice.awaitEvents(3))).containsExactly(acme, acmeAgain, last);
  }

  @Test
  void shouldReplayOnlyTheTokensTenantsOnResume() {
    long acme = publish("acme");
    publish("beta");
    long acmeAgain = publish("acme");
    WsTestClient alice = connect("alice", "acme");

    alice.subscribeSince("all", "{}", acme - 1);
    alice.awaitType("subscribed");
    long live = publish("acme");

    assertThat(seqs(alice.awaitEvents(3))).containsExactly(acme, acmeAgain, live);
  }

  @Test
  void shouldStopDeliveringATenantAtOnceWhenARefreshNarrowsTheToken() {
    WsTestClient carol = subscribed(connect("carol", "acme", "beta"));
    long beta = publish("beta");
    assertThat(seqs(carol.awaitEvents(1))).containsExactly(beta);

    carol.send(
        "{\"type\":\"refresh\",\"token\":\""
            + TestTokens.viewer("carol", List.of("acme"), TTL)
            + "\"}");
    // The refresh is applied when a ping sent after it is answered (one connection, in order).
    carol.send("{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");
    carol.awaitType("pong");
    publish("beta");
    long acme = publish("acme");

    assertThat(seqs(carol.awaitEvents(2))).containsExactly(beta, acme);
    assertThat(carol.framesOfType("error")).isEmpty();
  }
}
