package io.incidentstream.streaming.cluster;

import static io.incidentstream.streaming.support.TestEvents.system;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.cluster.Deliveries;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Receiving instances write an event's frame from the event JSON the bus carried, not by encoding
 * the event again: the frame a client gets is byte for byte the frame the embedded encoder writes
 * for the same envelope, on the instance that sequenced the event and on the others alike, live and
 * replayed; bad bytes on the bus never reach a client.
 */
class ClusterFrameBytesIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final String EVENTS_CHANNEL = ClusterFixture.KEY_PREFIX + ":events";

  /** Escapes, non-ASCII text, an emoji (a surrogate pair), key order a producer chose. */
  private static final String ESCAPED_EVENT =
      """
      {"event_type":"system_event","category":"deploy/\\"prod\\"",
       "message":"checkout \\"v2\\" é 日本語 😀 \\\\ \\t \\u0001 \\u2028 </script> \\ud83d\\udea8",
       "metadata":{"zeta":"last","ключ":"значение","alpha\\\\":[1,2.5,true,null,{"n":"ü"}]}}""";

  private ClusterFixture cluster;
  private final ProtocolCodec codec = new ProtocolCodec();

  @BeforeEach
  void startCluster() {
    REDIS.flushAll();
    cluster = ClusterFixture.builder(REDIS.uri()).instances(2).start();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void shouldSendEveryClientTheFrameTheEmbeddedEncoderWritesByteForByte() {
    ClusterInstance sequencer = cluster.get(0);
    ClusterInstance receiver = cluster.get(1);
    WsTestClient local = sequencer.subscribed("{}");
    WsTestClient remote = receiver.subscribed("{}");

    assertThat(sequencer.ingest(ESCAPED_EVENT).statusCode()).isEqualTo(202);
    Deliveries.awaitThrough(local, 1);
    Deliveries.awaitThrough(remote, 1);
    WsTestClient replayed = receiver.connect();
    replayed.subscribeSince("sub", "{}", 0);
    Deliveries.awaitThrough(replayed, 1);

    String frame = eventFrame(remote);
    assertThat(frame).isEqualTo(embeddedFrame(frame));
    assertThat(frame)
        .as("the wire format's escapes: control characters and surrogate pairs as \\u escapes")
        .contains("\\\"v2\\\" é 日本語 \\uD83D\\uDE00", "\\u0001", "\"zeta\":\"last\",\"ключ\"");
    assertThat(eventFrame(local)).isEqualTo(frame);
    assertThat(eventFrame(replayed)).isEqualTo(frame);
  }

  @Test
  void shouldNeverLetBadBusBytesReachAClient() {
    WsTestClient remote = cluster.get(1).subscribed("{}");
    try (RespClient redis = REDIS.client()) {
      String envelope = envelopeForSeq1(redis);
      int mark = envelope.indexOf("MARK");
      int event = envelope.indexOf("\"event\":") + "\"event\":".length();
      byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
      publish(redis, concat(envelope.substring(0, mark), overlong, envelope.substring(mark + 4)));
      publish(redis, (envelope.substring(0, event) + "[\"not an object\"]}").getBytes(UTF_8));
      publish(redis, envelope.substring(0, envelope.length() - 3).getBytes(UTF_8));
    }

    assertThat(cluster.get(0).ingest(ESCAPED_EVENT).statusCode()).isEqualTo(202);

    Deliveries.awaitThrough(remote, 1);
    String frame = eventFrame(remote);
    assertThat(frame).isEqualTo(embeddedFrame(frame)).doesNotContain("MARK");
    assertThat(Deliveries.seqs(remote)).containsExactly(1L);
    assertThat(remote.errors()).isEmpty();
  }

  /** A well-formed envelope of the stream's epoch for seq 1, its message {@code MARK}. */
  private static String envelopeForSeq1(RespClient redis) {
    String epoch = (String) redis.call("GET", ClusterFixture.KEY_PREFIX + ":epoch");
    EventEnvelope envelope =
        EventEnvelope.wrap(
            UUID.randomUUID(), 1, Instant.now(), EventEnvelope.DEFAULT_TENANT, system("MARK"));
    return new String(new ClusterCodec().encodeEnvelope(new BusEnvelope(epoch, envelope)), UTF_8);
  }

  private static void publish(RespClient redis, byte[] payload) {
    redis.call("PUBLISH".getBytes(UTF_8), EVENTS_CHANNEL.getBytes(UTF_8), payload);
  }

  /** The client's only event frame, as the text it received. */
  private static String eventFrame(WsTestClient client) {
    List<String> events =
        client.texts().stream().filter(t -> t.startsWith("{\"type\":\"event\"")).toList();
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  /** What the embedded path (the event encoded from its model) writes for the same message. */
  private String embeddedFrame(String received) {
    Decoded<ServerMessage> decoded = codec.decodeServer(received);
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    ServerMessage message = ((Decoded.Ok<ServerMessage>) decoded).value();
    assertThat(message).isInstanceOf(ServerMessage.Event.class);
    return new String(codec.encode(message), UTF_8);
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(UTF_8));
    out.writeBytes(middle);
    out.writeBytes(tail.getBytes(UTF_8));
    return out.toByteArray();
  }
}
