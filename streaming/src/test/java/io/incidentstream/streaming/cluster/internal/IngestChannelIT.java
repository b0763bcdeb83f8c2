package io.incidentstream.streaming.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.cluster.internal.ClusterMetrics.Drop;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * External producers publishing on the ingest channel, with two instances listening: each message
 * is published exactly once; bad ones are explained once on the ingest-errors channel.
 */
class IngestChannelIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final RedisKeys KEYS = new RedisKeys("incident-stream");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEAD =
      "{\"tenant\":\"acme\",\"events\":[{\"event_type\":\"system_event\",\"category\":\"c\","
          + "\"message\":\"";
  private static final String TAIL = "\",\"metadata\":{}}]}";

  private static BusNode a;
  private static BusNode b;
  private RespClient errors;

  @BeforeAll
  static void startNodes() {
    a = BusNode.start(REDIS, "ingest-a");
    b = BusNode.start(REDIS, "ingest-b");
  }

  @AfterAll
  static void stopNodes() {
    a.close();
    b.close();
  }

  @BeforeEach
  void subscribeToErrors() {
    a.broadcaster().reset();
    b.broadcaster().reset();
    errors = REDIS.client();
    errors.send("SUBSCRIBE", KEYS.ingestErrorsChannel());
    assertThat(((List<?>) errors.read()).get(0)).isEqualTo("subscribe");
  }

  @AfterEach
  void closeErrors() {
    errors.close();
  }

  @Test
  void shouldPublishEachMessageExactlyOnceAcrossInstances() {
    double publishedBefore = published();

    publish(sized(3, "x"));

    awaitBothReceived(1);
    assertThat(a.broadcaster().received()).isEqualTo(b.broadcaster().received());
    EventEnvelope envelope = a.broadcaster().received().get(0);
    assertThat(envelope.tenant()).isEqualTo("acme");
    assertThat(((SystemEvent) envelope.event()).message()).isEqualTo("xxx");
    assertThat(published() - publishedBefore).isEqualTo(1);
  }

  @Test
  void shouldPublishAMessageSentTwiceTwice() {
    String payload = sized(5, "y");

    publish(payload);
    publish(payload);

    awaitBothReceived(2);
    assertThat(a.broadcaster().received())
        .extracting(e -> ((SystemEvent) e.event()).message())
        .containsExactly("yyyyy", "yyyyy");
    assertThat(a.broadcaster().received()).isEqualTo(b.broadcaster().received());
  }

  @Test
  void shouldExplainInvalidJsonOnceAndKeepWorking() {
    double invalidBefore = dropped(Drop.INVALID);

    publish("{\"tenant\":\"acme\",\"events\":[");
    JsonNode first = nextError();
    publish("not json at all");
    JsonNode second = nextError();

    assertThat(first.get("error").asText()).isEqualTo("INVALID_EVENT");
    assertThat(first.get("message").asText()).startsWith("Invalid event: not valid JSON");
    assertThat(first.get("payload_excerpt").asText())
        .isEqualTo("{\"tenant\":\"acme\",\"events\":[");
    assertThat(first.get("instance_id").asText()).isIn("ingest-a", "ingest-b");
    assertThat(second.get("payload_excerpt").asText())
        .as("the next error is the second message's: the first was reported once")
        .isEqualTo("not json at all");
    await().until(() -> dropped(Drop.INVALID) - invalidBefore == 2);
    publish(sized(1, "z"));
    awaitBothReceived(1);
  }

  @Test
  void shouldNameTheInvalidFieldAndRejectABadTenant() {
    publish("{\"events\":[{\"event_type\":\"escalated\",\"incident_id\":\"nope\"}]}");
    JsonNode invalid = nextError();
    publish("{\"tenant\":\"a b\",\"events\":[{\"event_type\":\"system_event\"}]}");
    JsonNode tenant = nextError();

    assertThat(invalid.get("errors").get(0).get("path").asText())
        .isEqualTo("events[0].incident_id");
    assertThat(tenant.get("error").asText()).isEqualTo("INVALID_TENANT");
    assertThat(tenant.get("errors").get(0).get("path").asText()).isEqualTo("tenant");
  }

  @Test
  void shouldAcceptABatchOfTheMaximumAndRejectOneMore() {
    String event = "{\"event_type\":\"system_event\",\"category\":\"c\",\"message\":\"m\"}";
    String atLimit = batch(event, ProtocolCodec.MAX_BATCH_SIZE);
    String pastLimit = batch(event, ProtocolCodec.MAX_BATCH_SIZE + 1);

    publish(atLimit);
    awaitBothReceived(ProtocolCodec.MAX_BATCH_SIZE);
    publish(pastLimit);
    JsonNode rejected = nextError();

    assertThat(rejected.get("message").asText())
        .isEqualTo("Invalid event: events: batch of 1001 events exceeds the limit of 1000 events");
    assertThat(a.broadcaster().received()).hasSize(ProtocolCodec.MAX_BATCH_SIZE);
  }

  /** A batch of one system event whose message is {@code length} times {@code fill}. */
  private static String sized(int length, String fill) {
    return HEAD + fill.repeat(length) + TAIL;
  }

  private static String batch(String event, int size) {
    return "{\"events\":[" + String.join(",", Collections.nCopies(size, event)) + "]}";
  }

  private static void publish(String payload) {
    try (RespClient redis = REDIS.client()) {
      assertThat(redis.call("PUBLISH", KEYS.ingestChannel(), payload)).isEqualTo(2L);
    }
  }

  private JsonNode nextError() {
    List<?> message = (List<?>) errors.read();
    assertThat(message.get(0)).isEqualTo("message");
    try {
      return JSON.readTree((String) message.get(2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitBothReceived(int count) {
    await().until(() -> a.broadcaster().received().size() == count);
    await().until(() -> b.broadcaster().received().size() == count);
  }

  private static double published() {
    return a.counter(MetricNames.BUS_EVENTS_PUBLISHED)
        + b.counter(MetricNames.BUS_EVENTS_PUBLISHED);
  }

  private static double dropped(Drop reason) {
    return a.dropped(reason) + b.dropped(reason);
  }
}
