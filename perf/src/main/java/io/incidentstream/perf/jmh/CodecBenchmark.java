package io.incidentstream.perf.jmh;

import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code /ws} codec: encoding one {@code event} frame (incident_created with a full incident)
 * and decoding the two client messages a server sees most, {@code subscribe} and {@code ping}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

  static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"subscription_id\":\"ops-view\",\"filters\":{"
          + "\"event_types\":[\"incident_created\",\"incident_updated\",\"escalated\"],"
          + "\"severities\":[\"P0\",\"P1\"],\"labels\":{\"team\":\"payments\",\"env\":\"prod\"},"
          + "\"incident_ids\":[\"6f1d2c3b-4a59-4e8f-9b7a-1c2d3e4f5a6b\"]},\"since\":512}";

  static final String PING = "{\"type\":\"ping\",\"timestamp\":\"2026-11-25T18:20:05Z\"}";

  private final ProtocolCodec codec = new ProtocolCodec();
  private final ServerMessage.Event event =
      new ServerMessage.Event(Fixtures.envelope(512), List.of("ops-view", "team-payments"));

  /** One round trip of each message, so a benchmark never measures a failure path. */
  @Setup
  public void setUp() {
    Decoded<ServerMessage> frame =
        codec.decodeServer(new String(encodeEvent(), StandardCharsets.UTF_8));
    if (!(frame instanceof Decoded.Ok<ServerMessage> ok && ok.value().equals(event))) {
      throw new IllegalStateException("event frame does not round-trip: " + frame);
    }
    if (!(decodeSubscribe() instanceof Decoded.Ok<ClientMessage> subscribe
        && subscribe.value() instanceof ClientMessage.Subscribe s
        && s.filters().labels().size() == 2)) {
      throw new IllegalStateException("subscribe does not decode: " + decodeSubscribe());
    }
    if (!(decodePing() instanceof Decoded.Ok<ClientMessage> ping
        && ping.value() instanceof ClientMessage.Ping)) {
      throw new IllegalStateException("ping does not decode: " + decodePing());
    }
  }

  @Benchmark
  public byte[] encodeEvent() {
    return codec.encode(event);
  }

  @Benchmark
  public Decoded<ClientMessage> decodeSubscribe() {
    return codec.decodeClient(SUBSCRIBE);
  }

  @Benchmark
  public Decoded<ClientMessage> decodePing() {
    return codec.decodeClient(PING);
  }
}
