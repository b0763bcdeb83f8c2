package io.incidentstream.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.client.ClientListener;
import io.incidentstream.client.ConnectionState;
import io.incidentstream.client.Filters;
import io.incidentstream.client.IncidentStreamClient;
import io.incidentstream.client.NotRecovered;
import io.incidentstream.client.Stopped;
import io.incidentstream.client.StreamEvent;
import io.incidentstream.client.SubscriptionListener;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestTokens;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's Java client example ("Clients", "Java") as written there: the block between the
 * markers below must be the README's block, and it must stream the events its filters select.
 */
class ClientReadmeExampleIT {

  private static final Pattern JAVA_BLOCK =
      Pattern.compile("\n### Java\n.*?```java\n(.*?)```", Pattern.DOTALL);
  private static final Path SOURCE =
      Path.of("src/test/java/io/incidentstream/app/client/ClientReadmeExampleIT.java");
  private static final String BEGIN = "// README example begins";
  private static final String END = "// README example ends";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private EmbeddedServer server;

  /** The application's state in the example. */
  static final class Board {
    final List<Long> applied = new CopyOnWriteArrayList<>();
    final List<IncidentEvent> events = new CopyOnWriteArrayList<>();
    volatile int reloads;

    void apply(long seq, IncidentEvent event) {
      applied.add(seq);
      events.add(event);
    }

    void reload() {
      reloads++;
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.getApplicationContext().close();
    }
  }

  @Test
  void shouldBeTheReadmeBlockVerbatim() throws IOException {
    Matcher block = JAVA_BLOCK.matcher(Files.readString(Path.of("..", "README.md")));
    assertThat(block.find()).as("README has a java block under '### Java'").isTrue();

    assertThat(exampleSource()).isEqualTo(block.group(1));
  }

  @Test
  void shouldStreamTheSelectedEvents() throws Exception {
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of("micronaut.server.port", -1, "stream.security.jwt-secret", TestTokens.SECRET));
    List<URI> urls = List.of(URI.create("ws://localhost:" + server.getPort() + "/ws"));
    Path tokenFile = dir.resolve("viewer.jwt");
    Files.writeString(tokenFile, TestTokens.viewer());
    Board board = new Board();

    // README example begins
    SubscriptionFilters critical =
        Filters.builder()
            .eventTypes(EventType.INCIDENT_CREATED, EventType.ESCALATED)
            .severities(Severity.P0, Severity.P1)
            .build();
    IncidentStreamClient client =
        IncidentStreamClient.builder()
            .urls(urls)
            // Asked on every connection attempt and before the token expires: replace the file to
            // rotate the token, and the client sends `refresh` with the new one.
            .tokenSupplier(() -> readToken(tokenFile))
            .listener(
                new ClientListener() {
                  @Override
                  public void onStateChanged(ConnectionState state, String detail) {
                    System.err.println("stream " + state + ": " + detail);
                  }

                  @Override
                  public void onStopped(Stopped stopped) {
                    System.err.println("stream stopped: " + stopped.message());
                  }
                })
            .build();
    client.subscribe(
        "critical",
        critical,
        new SubscriptionListener() {
          @Override
          public void onEvent(StreamEvent event) {
            board.apply(event.seq(), event.event());
          }

          @Override
          public void onNotRecovered(NotRecovered notice) {
            // Events may have been missed (new epoch, or the history is too short): start over.
            board.reload();
          }
        });
    client.connect();
    // README example ends

    try {
      await().atMost(WAIT).until(() -> client.state() == ConnectionState.CONNECTED);
      EventPublisher publisher = server.getApplicationContext().getBean(EventPublisher.class);
      // The subscription is in place once a probe event it selects arrives.
      UUID incident = UUID.randomUUID();
      List<Long> probes = new CopyOnWriteArrayList<>();
      await()
          .atMost(WAIT)
          .until(
              () -> {
                probes.add(
                    publish(publisher, new Escalated(incident, Severity.P2, Severity.P1, "probe")));
                return !board.applied.isEmpty();
              });
      long p0 = publish(publisher, StreamFixtures.created(Severity.P0));
      publish(publisher, StreamFixtures.created(Severity.P3));
      publish(publisher, new SystemEvent("deploy", "not selected", Map.of()));
      long p1 = publish(publisher, new Escalated(incident, Severity.P2, Severity.P1, "burning"));
      await().atMost(WAIT).until(() -> board.applied.contains(p1));

      assertThat(board.applied).isSorted().doesNotHaveDuplicates();
      assertThat(board.applied.stream().filter(seq -> !probes.contains(seq)))
          .containsExactly(p0, p1);
      assertThat(board.reloads).isZero();
    } finally {
      client.close();
    }
  }

  private static long publish(EventPublisher publisher, IncidentEvent event) throws Exception {
    return publisher.publish(event).get(WAIT.toSeconds(), TimeUnit.SECONDS).seq();
  }

  private static String readToken(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines between the markers, without the method body's indentation. */
  private static String exampleSource() throws IOException {
    List<String> lines = Files.readAllLines(SOURCE);
    int begin = indexOf(lines, BEGIN);
    int end = indexOf(lines, END);
    String indent = lines.get(begin).substring(0, lines.get(begin).indexOf(BEGIN));
    return lines.subList(begin + 1, end).stream()
            .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line)
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker missing in " + SOURCE + ": " + marker);
  }
}
