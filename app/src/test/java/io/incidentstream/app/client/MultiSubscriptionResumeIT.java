package io.incidentstream.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.client.ConnectionState;
import io.incidentstream.client.Filters;
import io.incidentstream.client.IncidentStreamClient;
import io.incidentstream.client.StreamEvent;
import io.incidentstream.client.SubscriptionListener;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.StreamSession;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Two subscriptions with disjoint filters on one client resume together after the server closes the
 * connection (1001): the server replays each on its own, so their events may interleave out of seq
 * order on the connection; each listener still gets exactly its own events, in order, once.
 */
class MultiSubscriptionResumeIT {

  private static final UUID INCIDENT = UUID.randomUUID();

  @Test
  void shouldResumeEachOfTwoSubscriptionsWithoutAGap() throws Exception {
    EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "stream.security.jwt-secret",
                TestTokens.SECRET,
                "stream.max-pending-messages",
                100_000,
                "stream.max-pending-bytes",
                "256MB"));
    try {
      Collecting a = new Collecting();
      Collecting b = new Collecting();
      Recorder recorder = new Recorder();
      IncidentStreamClient client =
          IncidentStreamClient.builder()
              .url(URI.create("ws://127.0.0.1:" + server.getPort() + "/ws"))
              .token(TestTokens.viewer())
              .listener(recorder)
              .build();
      client.subscribe("a", Filters.builder().eventTypes(EventType.SYSTEM_EVENT).build(), a);
      client.subscribe("b", Filters.builder().eventTypes(EventType.ESCALATED).build(), b);
      client.connect();
      await().atMost(Duration.ofSeconds(30)).until(() -> a.subscribed && b.subscribed);
      EventPublisher publisher = server.getApplicationContext().getBean(EventPublisher.class);
      List<EventEnvelope> published = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 200; i++) {
        published.add(publisher.publish(event(i)).get(10, TimeUnit.SECONDS));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> !a.seqs.isEmpty() && !b.seqs.isEmpty());
      CompletableFuture<Void> more =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 200; i < 1500; i++) {
                  try {
                    published.add(publisher.publish(event(i)).get(10, TimeUnit.SECONDS));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      for (StreamSession s :
          server.getApplicationContext().getBean(ConnectionRegistry.class).sessions()) {
        s.close(CloseCode.GOING_AWAY, CloseCode.GOING_AWAY.reason());
      }
      more.get(2, TimeUnit.MINUTES);
      long first = published.get(0).seq();
      EventHistory history = server.getApplicationContext().getBean(EventHistory.class);
      List<EventEnvelope> all = history.range(first - 1, history.lastSeq()).events();
      Predicate<IncidentEvent> pa = e -> e instanceof SystemEvent;
      Predicate<IncidentEvent> pb = e -> e instanceof Escalated;
      List<Long> ea = all.stream().filter(e -> pa.test(e.event())).map(EventEnvelope::seq).toList();
      List<Long> eb = all.stream().filter(e -> pb.test(e.event())).map(EventEnvelope::seq).toList();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> a.seqs.size() >= ea.size() && b.seqs.size() >= eb.size());
      assertThat(recorder.count(ConnectionState.CONNECTED)).as("%s", recorder).isEqualTo(2);
      assertThat(a.seqs).as("a %s", recorder).containsExactlyElementsOf(ea);
      assertThat(b.seqs).as("b %s", recorder).containsExactlyElementsOf(eb);
      client.close();
    } finally {
      server.getApplicationContext().close();
    }
  }

  /** One subscription's seqs, and whether the server confirmed it. */
  private static final class Collecting implements SubscriptionListener {
    final List<Long> seqs = new CopyOnWriteArrayList<>();
    volatile boolean subscribed;

    @Override
    public void onEvent(StreamEvent event) {
      seqs.add(event.seq());
    }

    @Override
    public void onSubscribed(String subscriptionId, String epoch) {
      subscribed = true;
    }
  }

  private static IncidentEvent event(int i) {
    if (i % 5 == 4) {
      return new SystemEvent("x", "event " + i, Map.of());
    }
    return new Escalated(INCIDENT, Severity.P4, Severity.values()[i % 5], "event " + i);
  }
}
