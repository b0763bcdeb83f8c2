package io.incidentstream.domain.port;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Operator actions: who did what, when, why, and with what result. Every entry is also logged.
 * Thread-safe; never blocks.
 */
public interface AuditLog {

  /** Most entries one read returns. */
  int MAX_LAST = 1000;

  void record(AuditEntry entry);

  /** The newest {@code last} entries, newest first. */
  CompletionStage<List<AuditEntry>> recent(int last);
}
