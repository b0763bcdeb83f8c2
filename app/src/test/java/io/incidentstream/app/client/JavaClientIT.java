package io.incidentstream.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.app.FreePort;
import io.incidentstream.client.ClientError;
import io.incidentstream.client.ConnectionState;
import io.incidentstream.client.Filters;
import io.incidentstream.client.IncidentStreamClient;
import io.incidentstream.client.NotRecovered;
import io.incidentstream.client.Stopped;
import io.incidentstream.client.StreamEvent;
import io.incidentstream.client.SubscriptionListener;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.StreamSession;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client against the production application (embedded mode) over real sockets: a new epoch
 * surfaces as "not recovered", a token refreshed before its {@code exp} keeps the session, and the
 * refusals that must not be retried (1008; 4001 without a new token) stop the client.
 */
class JavaClientIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<IncidentStreamClient> clients = new ArrayList<>();
  private EmbeddedServer server;

  @AfterEach
  void stop() {
    clients.forEach(IncidentStreamClient::close);
    if (server != null && server.getApplicationContext().isRunning()) {
      server.getApplicationContext().close();
    }
  }

  @Test
  void shouldSurfaceNotRecoveredAndFollowTheNewEpochWhenTheServerRestarts() throws Exception {
    int port = FreePort.next();
    server = start(port);
    String firstEpoch = server.getApplicationContext().getBean(StreamEpoch.class).current();
    Recorder recorder = new Recorder();
    IncidentStreamClient client =
        connect(builder(port).token(TestTokens.viewer()).listener(recorder), recorder);
    List<Long> before = List.of(publish("one"), publish("two"), publish("three"));
    await().atMost(WAIT).until(() -> recorder.seqs.size() == 3);

    server.getApplicationContext().close();
    await().atMost(WAIT).until(() -> client.state() == ConnectionState.RECONNECTING);
    server = start(port);
    String secondEpoch = server.getApplicationContext().getBean(StreamEpoch.class).current();
    await().atMost(WAIT).until(() -> recorder.notRecovered.size() == 1);
    List<Long> after = List.of(publish("four"), publish("five"));
    await().atMost(WAIT).until(() -> recorder.seqs.size() == 5);

    NotRecovered notice = recorder.notRecovered.get(0);
    assertThat(notice.since()).isEqualTo(before.get(2));
    assertThat(notice.sinceEpoch()).isEqualTo(firstEpoch);
    assertThat(notice.epoch()).isEqualTo(secondEpoch).isNotEqualTo(firstEpoch);
    assertThat(notice.epochChanged()).isTrue();
    // The new epoch numbers from 1 again: the client takes its seqs, lower as they are.
    assertThat(recorder.seqs.subList(3, 5)).containsExactlyElementsOf(after);
    assertThat(after.get(0)).isLessThanOrEqualTo(before.get(2));
    assertThat(recorder.events.get(4).epoch()).isEqualTo(secondEpoch);
  }

  @Test
  void shouldRefreshTheTokenBeforeItExpiresAndKeepTheSession() {
    server = start(0);
    AtomicInteger minted = new AtomicInteger();
    Recorder recorder = new Recorder();
    connect(
        builder(server.getPort())
            .tokenSupplier(
                () -> {
                  minted.incrementAndGet();
                  return TestTokens.viewer("refresher", List.of("*"), Duration.ofSeconds(3));
                })
            .listener(recorder),
        recorder);

    // One token to connect, then two refreshes: the session outlives the first token's exp.
    await().atMost(WAIT).until(() -> minted.get() >= 3);
    long seq = publish("after the first token expired");
    await().atMost(WAIT).until(() -> recorder.seqs.contains(seq));

    assertThat(recorder.count(ConnectionState.CONNECTED))
        .as("one connection, never closed with 4001: %s", recorder)
        .isEqualTo(1);
    assertThat(recorder.errors).isEmpty();
  }

  @Test
  void shouldStopWithoutRetryingWhenTheServerClosesWith1008() throws Exception {
    server = start(0);
    Recorder recorder = new Recorder();
    IncidentStreamClient client =
        connect(
            builder(server.getPort())
                .token(TestTokens.viewer())
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2)
                .listener(recorder),
            recorder);

    for (StreamSession session :
        server.getApplicationContext().getBean(ConnectionRegistry.class).sessions()) {
      session.close(CloseCode.POLICY, "policy violation");
    }
    Stopped stopped = client.stopped().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(stopped.reason()).isEqualTo(Stopped.Reason.POLICY);
    assertThat(stopped.code()).isEqualTo(1008);
    assertThat(stopped.message()).contains("closed 1008 (policy violation)", "not retrying");
    assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(recorder.count(ConnectionState.CONNECTING)).as("connection attempts").isEqualTo(1);
  }

  @Test
  void shouldStopWhenTheTokenExpiresAndTheSupplierHasNoNewOne() throws Exception {
    server = start(0);
    Recorder recorder = new Recorder();
    String shortLived = TestTokens.viewer("short", List.of("*"), Duration.ofSeconds(2));
    IncidentStreamClient client =
        connect(builder(server.getPort()).token(shortLived).listener(recorder), recorder);

    Stopped stopped = client.stopped().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(stopped.reason()).isEqualTo(Stopped.Reason.TOKEN_EXPIRED);
    assertThat(stopped.code()).isEqualTo(4001);
    assertThat(stopped.message()).contains("token expired", "no new token");
    assertThat(recorder.count(ConnectionState.CONNECTING)).isEqualTo(1);
  }

  @Test
  void shouldStopAtOnceWhenTheHandshakeIsRefusedWith401() throws Exception {
    server = start(0);
    Recorder recorder = new Recorder();
    IncidentStreamClient client =
        builder(server.getPort()).token("not-a-jwt").listener(recorder).build().connect();
    clients.add(client);

    Stopped stopped = client.stopped().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(stopped.reason()).isEqualTo(Stopped.Reason.UNAUTHORIZED);
    assertThat(stopped.code()).isEqualTo(401);
    assertThat(stopped.message()).contains("HTTP 401", "invalid_token");
  }

  @Test
  void shouldFallBehindAndResumeWithoutLosingAnEventWhenTheListenerIsSlow() throws Exception {
    server = start(0);
    Recorder recorder = new Recorder();
    CountDownLatch release = new CountDownLatch(1);
    IncidentStreamClient client =
        builder(server.getPort())
            .token(TestTokens.viewer())
            .handOffCapacity(20)
            .listener(recorder)
            .build();
    clients.add(client);
    client.subscribe(
        "slow",
        Filters.none(),
        new SubscriptionListener() {
          @Override
          public void onEvent(StreamEvent event) {
            awaitQuietly(release);
            recorder.onEvent(event);
          }

          @Override
          public void onSubscribed(String subscriptionId, String epoch) {
            recorder.onSubscribed(subscriptionId, epoch);
          }
        });
    client.connect();
    await().atMost(WAIT).until(() -> !recorder.subscribedEpochs.isEmpty());

    List<Long> published = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      published.add(publish("event " + i));
    }
    // The listener sits on the first event: the hand-off fills, the client lets go of the socket.
    await().atMost(WAIT).until(() -> client.state() == ConnectionState.RECONNECTING);
    release.countDown();
    await().atMost(WAIT).until(() -> recorder.seqs.size() >= published.size());

    assertThat(recorder.seqs).as("%s", recorder).containsExactlyElementsOf(published);
    assertThat(recorder.errors)
        .extracting(ClientError::kind)
        .contains(ClientError.Kind.SLOW_LISTENER)
        .doesNotContain(ClientError.Kind.OUT_OF_ORDER);
    // A listener that is still slower than the replay may fall behind again: each time lossless.
    assertThat(recorder.count(ConnectionState.CONNECTED)).isGreaterThanOrEqualTo(2);
    assertThat(recorder.notRecovered).isEmpty();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private IncidentStreamClient connect(IncidentStreamClient.Builder builder, Recorder recorder) {
    IncidentStreamClient client = builder.build();
    clients.add(client);
    client.subscribe("system", Filters.builder().build(), recorder);
    client.connect();
    await().atMost(WAIT).until(() -> !recorder.subscribedEpochs.isEmpty());
    return client;
  }

  private static IncidentStreamClient.Builder builder(int port) {
    return IncidentStreamClient.builder().url(URI.create("ws://127.0.0.1:" + port + "/ws"));
  }

  private long publish(String message) {
    IncidentEvent event = new SystemEvent("client-test", message, Map.of());
    try {
      EventEnvelope published =
          server
              .getApplicationContext()
              .getBean(EventPublisher.class)
              .publish(event)
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return published.seq();
    } catch (Exception e) {
      throw new IllegalStateException("publish failed", e);
    }
  }

  private static EmbeddedServer start(int port) {
    return ApplicationContext.run(
        EmbeddedServer.class,
        Map.of(
            "micronaut.server.port",
            port == 0 ? -1 : port,
            "stream.security.jwt-secret",
            TestTokens.SECRET));
  }
}
