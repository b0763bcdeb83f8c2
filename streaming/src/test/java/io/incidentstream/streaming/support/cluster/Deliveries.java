package io.incidentstream.streaming.support.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.WsTestClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.LongStream;

/** What a client received, read as the stream's guarantees (DESIGN section 6) demand. */
public final class Deliveries {

  /** Long enough for a reconnect with backoff and a back-fill on a loaded machine. */
  public static final Duration CATCH_UP = Duration.ofSeconds(30);

  private Deliveries() {}

  public static List<Long> seqs(WsTestClient client) {
    return client.events().stream().map(e -> e.path("seq").asLong()).toList();
  }

  /** The {@code message} of each delivered system event, in arrival order. */
  public static List<String> messages(WsTestClient client) {
    return client.events().stream().map(e -> e.path("event").path("message").asText()).toList();
  }

  public static long lastSeq(WsTestClient client) {
    List<JsonNode> events = client.events();
    return events.isEmpty() ? 0 : events.get(events.size() - 1).path("seq").asLong();
  }

  /** Waits until the client has received an event with a seq of at least {@code seq}. */
  public static void awaitThrough(WsTestClient client, long seq) {
    await().atMost(CATCH_UP).until(() -> lastSeq(client) >= seq);
  }

  /**
   * Asserts the client got every accepted event once, in seq order, with no gap: its seqs rise by
   * exactly one each. It may also hold events ingest could not confirm (Redis applied the write but
   * the answer was lost); those fill seqs between accepted ones, never duplicate them.
   */
  public static void assertGaplessAndComplete(
      String who, WsTestClient client, Collection<Long> accepted) {
    List<Long> seqs = seqs(client);
    assertThat(seqs).as("%s: seqs delivered", who).isNotEmpty();
    long first = seqs.get(0);
    assertThat(seqs)
        .as("%s: one event per seq, each once, in order, from %d", who, first)
        .containsExactlyElementsOf(
            LongStream.rangeClosed(first, first + seqs.size() - 1).boxed().toList());
    assertThat(seqs).as("%s: every accepted event", who).containsAll(accepted);
  }
}
