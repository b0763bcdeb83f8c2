package io.incidentstream.perf.jmh;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * What a receiving instance does per event before fan-out matches it: decode the bus payload and
 * write the event's shared frame prefix. {@link #asTextThenEncode} is the former path (the payload
 * decoded to a {@code String} as Lettuce's {@code StringCodec} did, parsed, the event encoded
 * again); {@link #asBytes} is the current one (parsed from the bytes, the event's JSON copied into
 * the prefix). The payload is an incident_created with a full incident, as the sequencing script
 * publishes it. Run with {@code -prof gc} for B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class BusReceiveBenchmark {

  private final ClusterCodec cluster = new ClusterCodec();
  private final ProtocolCodec protocol = new ProtocolCodec();
  private final EventEnvelope envelope = Fixtures.envelope(512);
  private final byte[] payload =
      cluster.encodeEnvelope(new BusEnvelope("00c0ffee00c0ffee:0", envelope));

  /** Both paths give the embedded encoder's prefix, so neither measures a failure. */
  @Setup
  public void setUp() {
    byte[] expected = protocol.encodeEventFramePrefix(envelope);
    if (!Arrays.equals(asTextThenEncode(), expected) || !Arrays.equals(asBytes(), expected)) {
      throw new IllegalStateException("a receive path does not give the embedded prefix");
    }
  }

  @Benchmark
  public byte[] asTextThenEncode() {
    String text = new String(payload, StandardCharsets.UTF_8);
    BusEnvelope bus = ((Decoded.Ok<BusEnvelope>) cluster.decodeEnvelope(text)).value();
    return protocol.encodeEventFramePrefix(bus.envelope());
  }

  @Benchmark
  public byte[] asBytes() {
    BusEnvelope bus = ((Decoded.Ok<BusEnvelope>) cluster.decodeEnvelope(payload)).value();
    return protocol.encodeEventFramePrefix(bus.envelope(), bus.encodedEvent());
  }
}
