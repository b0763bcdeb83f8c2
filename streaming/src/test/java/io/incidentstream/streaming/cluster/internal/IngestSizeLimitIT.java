package io.incidentstream.streaming.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.cluster.internal.ClusterMetrics.Drop;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code stream.cluster.ingest-max-size} on the ingest channel: at the limit, and one byte past.
 */
class IngestSizeLimitIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final RedisKeys KEYS = new RedisKeys("incident-stream");
  private static final int MAX_SIZE = 2048;
  private static final String HEAD =
      "{\"events\":[{\"event_type\":\"system_event\",\"category\":\"c\",\"message\":\"";
  private static final String TAIL = "\",\"metadata\":{}}]}";

  private BusNode node;

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    node =
        BusNode.start(
            REDIS, "size", Map.of("stream.cluster.ingest-max-size", Integer.toString(MAX_SIZE)));
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  @Test
  void shouldAcceptAMessageOfTheMaximumSizeAndRejectOneByteMore() throws Exception {
    // Two-byte characters, so the limit is in UTF-8 bytes and not in characters.
    String atLimit = message(MAX_SIZE);
    String pastLimit = message(MAX_SIZE + 1);
    try (RespClient errors = REDIS.client();
        RespClient redis = REDIS.client()) {
      errors.send("SUBSCRIBE", KEYS.ingestErrorsChannel());
      errors.read();

      redis.call("PUBLISH", KEYS.ingestChannel(), atLimit);
      await().until(() -> node.broadcaster().received().size() == 1);
      redis.call("PUBLISH", KEYS.ingestChannel(), pastLimit);
      List<?> message = (List<?>) errors.read();

      JsonNode rejected = new ObjectMapper().readTree((String) message.get(2));
      assertThat(rejected.get("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
      assertThat(rejected.get("payload_bytes").asInt()).isEqualTo(MAX_SIZE + 1);
      assertThat(rejected.get("message").asText())
          .isEqualTo("Message of 2049 bytes exceeds stream.cluster.ingest-max-size (2048 bytes)");
    }
    await().until(() -> node.dropped(Drop.TOO_LARGE) == 1);
    assertThat(node.broadcaster().received()).hasSize(1);
  }

  /** An ingest message of exactly {@code bytes} UTF-8 bytes. */
  private static String message(int bytes) {
    int fill = bytes - HEAD.length() - TAIL.length();
    String text = "é".repeat(fill / 2) + "e".repeat(fill % 2);
    String payload = HEAD + text + TAIL;
    assertThat(payload.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    return payload;
  }
}
