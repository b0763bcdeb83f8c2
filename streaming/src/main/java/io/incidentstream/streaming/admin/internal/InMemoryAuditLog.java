package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.AuditEntry;
import io.incidentstream.domain.port.AuditLog;
import io.incidentstream.streaming.admin.AdminConfiguration;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest {@code stream.admin.audit-size} operator actions of this instance, in memory; each is
 * also logged at INFO on the {@code incident-stream.audit} logger, the durable record. Thread-safe.
 */
@Singleton
final class InMemoryAuditLog implements AuditLog {

  private static final Logger AUDIT = LoggerFactory.getLogger("incident-stream.audit");

  private final int capacity;
  private final ArrayDeque<AuditEntry> entries = new ArrayDeque<>();

  InMemoryAuditLog(AdminConfiguration config) {
    this.capacity = Math.max(1, config.auditSize());
  }

  @Override
  public void record(AuditEntry entry) {
    AUDIT.info(
        "{} by {} on {}: {} (reason: {})",
        entry.action(),
        entry.operator(),
        entry.target(),
        entry.result(),
        entry.reason());
    synchronized (entries) {
      if (entries.size() == capacity) {
        entries.removeLast();
      }
      entries.addFirst(entry);
    }
  }

  @Override
  public CompletionStage<List<AuditEntry>> recent(int last) {
    List<AuditEntry> copy = new ArrayList<>(Math.min(Math.max(last, 0), capacity));
    synchronized (entries) {
      Iterator<AuditEntry> newestFirst = entries.iterator();
      while (copy.size() < last && newestFirst.hasNext()) {
        copy.add(newestFirst.next());
      }
    }
    return CompletableFuture.completedFuture(copy);
  }
}
