package io.incidentstream.streaming.tracing.internal;

import io.opentelemetry.api.common.AttributeKey;

/** The attribute names of the stream's spans (README, "Tracing"). */
final class SpanAttributes {

  static final AttributeKey<Long> SEQ = AttributeKey.longKey("seq");
  static final AttributeKey<Long> SEQ_LAST = AttributeKey.longKey("seq.last");
  static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("event_type");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant");
  static final AttributeKey<Long> RECIPIENTS = AttributeKey.longKey("recipients");
  static final AttributeKey<String> INGEST_PATH = AttributeKey.stringKey("ingest.path");
  static final AttributeKey<String> INGEST_OUTCOME = AttributeKey.stringKey("ingest.outcome");
  static final AttributeKey<Long> EVENTS = AttributeKey.longKey("events");
  static final AttributeKey<Long> DUPLICATES = AttributeKey.longKey("duplicates");

  private SpanAttributes() {}
}
