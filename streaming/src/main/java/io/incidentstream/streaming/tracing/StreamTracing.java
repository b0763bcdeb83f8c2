package io.incidentstream.streaming.tracing;

import io.incidentstream.domain.event.EventEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * Traces the stream's two units of work: one span per producer request (HTTP or the ingest channel)
 * and one per event fan-out on each instance, joined into the producer's trace through the {@code
 * traceparent} the envelope carries. Nothing is traced per recipient.
 *
 * <p>Off unless an OTLP endpoint is configured: then this is {@link #OFF}, whose handles are shared
 * constants, so tracing costs the hot path a call and no allocation. Thread-safe.
 */
public interface StreamTracing {

  /** Tracing off: traces nothing, carries nothing, allocates nothing. */
  StreamTracing OFF = new Off();

  /** Name of the span of one producer request. */
  String INGEST_SPAN = "ingest";

  /** Name of the span of one event's fan-out on one instance. */
  String FAN_OUT_SPAN = "fan-out";

  /**
   * Starts tracing one producer request as it arrives.
   *
   * @param traceparent the producer's W3C {@code traceparent}, as it sent it (null, blank or
   *     malformed: the request starts a new trace)
   */
  IngestTrace ingest(Ingress ingress, @Nullable String traceparent);

  /**
   * Starts the span of {@code envelope}'s fan-out on this instance, a child of the envelope's
   * {@code traceparent} (a new trace without one). End it with {@link FanOutTrace#end}.
   */
  FanOutTrace fanOut(EventEnvelope envelope);

  /** Where a producer request came in. */
  enum Ingress {
    /** {@code POST /api/v1/events}. */
    HTTP("http"),
    /** The Redis ingest channel. */
    REDIS("redis");

    private final String wire;

    Ingress(String wire) {
      this.wire = wire;
    }

    /** The value of the span attribute {@code ingest.path}. */
    public String wire() {
      return wire;
    }
  }

  /** {@link #OFF}. */
  final class Off implements StreamTracing {

    private Off() {}

    @Override
    public IngestTrace ingest(Ingress ingress, @Nullable String traceparent) {
      return IngestTrace.OFF;
    }

    @Override
    public FanOutTrace fanOut(EventEnvelope envelope) {
      return FanOutTrace.OFF;
    }
  }
}
