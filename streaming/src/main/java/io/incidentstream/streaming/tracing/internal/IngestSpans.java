package io.incidentstream.streaming.tracing.internal;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.Receipt;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The attributes an ingest span ends with. Stateless. */
final class IngestSpans {

  private IngestSpans() {}

  /**
   * {@code tenant}, {@code events}, {@code duplicates}, {@code seq} and {@code seq.last} (the first
   * and last seq sequenced, absent when every event was a duplicate), and {@code event_type} when
   * every sequenced event has the same type (a single event, usually).
   */
  static void accepted(Span span, String tenant, List<Receipt> receipts) {
    span.setAttribute(SpanAttributes.TENANT, tenant);
    span.setAttribute(SpanAttributes.INGEST_OUTCOME, "accepted");
    span.setAttribute(SpanAttributes.EVENTS, receipts.size());
    long first = -1;
    long last = -1;
    long duplicates = 0;
    EventType type = null;
    boolean oneType = true;
    for (Receipt receipt : receipts) {
      if (!(receipt instanceof Receipt.Sequenced sequenced)) {
        duplicates++;
        continue;
      }
      first = first < 0 ? sequenced.seq() : first;
      last = sequenced.seq();
      EventType next = sequenced.envelope().event().type();
      oneType = oneType && (type == null || type == next);
      type = next;
    }
    span.setAttribute(SpanAttributes.DUPLICATES, duplicates);
    if (first >= 0) {
      span.setAttribute(SpanAttributes.SEQ, first);
      span.setAttribute(SpanAttributes.SEQ_LAST, last);
    }
    setType(span, oneType ? type : null);
  }

  static void rejected(Span span, String reason, boolean serverFault) {
    span.setAttribute(SpanAttributes.INGEST_OUTCOME, reason);
    if (serverFault) {
      span.setStatus(StatusCode.ERROR, reason);
    }
  }

  private static void setType(Span span, @Nullable EventType type) {
    if (type != null) {
      span.setAttribute(SpanAttributes.EVENT_TYPE, type.wire());
    }
  }
}
