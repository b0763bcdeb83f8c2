package io.incidentstream.domain.event;

import java.util.Objects;
import java.util.UUID;

/**
 * What the stream answers for one published event: its {@code message_id} and {@code seq}, and
 * whether it was a repeat of an id already sequenced (then nothing was published again, and {@code
 * seq} is the original one). Immutable.
 */
public sealed interface Receipt {

  UUID messageId();

  long seq();

  /** True when the event's {@code message_id} had already been sequenced for its tenant. */
  boolean duplicate();

  /** A new event, sequenced and delivered now. */
  record Sequenced(EventEnvelope envelope) implements Receipt {
    public Sequenced {
      Objects.requireNonNull(envelope, "envelope");
    }

    @Override
    public UUID messageId() {
      return envelope.messageId();
    }

    @Override
    public long seq() {
      return envelope.seq();
    }

    @Override
    public boolean duplicate() {
      return false;
    }
  }

  /** A repeat of an id sequenced before as {@code seq}: not published again. */
  record Duplicate(UUID messageId, long seq) implements Receipt {
    public Duplicate {
      Objects.requireNonNull(messageId, "messageId");
      if (seq < 1) {
        throw new IllegalArgumentException("seq must be >= 1, was " + seq);
      }
    }

    @Override
    public boolean duplicate() {
      return true;
    }
  }
}
