package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.CompactMap;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.streaming.fanout.Recipient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One connection as fan-out keeps it: its subscriptions and, while it catches up after a resume,
 * its cursor. Live fan-out skips a connection that is catching up; catch-up brings it every event
 * up to the live position from the history, then hands it back to live fan-out. Not thread-safe:
 * confined to the dispatch thread.
 */
final class Connection {

  final Recipient recipient;
  // Most connections hold one subscription: a compact map keeps it in two fields (24 bytes, not
  // the ~120 of a map with its table and entry), in subscription order like a LinkedHashMap.
  final Map<String, Held> subscriptions = new CompactMap<>();

  /**
   * The tenants whose events this connection may get: the scope it is filed under in the index, and
   * the bound of its catch-up. None until fan-out sets it.
   */
  TenantScope tenants = new TenantScope(false, Set.of());

  /** True while catch-up, not live fan-out, feeds this connection. */
  boolean catchingUp;

  /** While catching up: every event with a seq up to here has been handled. */
  long cursor;

  /** Identifies the one catch-up step that may run next; bumped to cancel the others. */
  long step;

  Connection(Recipient recipient) {
    this.recipient = recipient;
  }

  /** Every event up to the returned seq has been handled for every subscription. */
  long position(long livePosition) {
    return catchingUp ? cursor : livePosition;
  }

  /** Records that every subscription has handled the events up to {@code position}. */
  void settle(long position) {
    for (Held held : subscriptions.values()) {
      held.handledUpTo = Math.max(held.handledUpTo, position);
    }
  }

  /** Counts one matched event for each of {@code subscriptionIds}. */
  void countMatched(List<String> subscriptionIds) {
    for (int i = 0, n = subscriptionIds.size(); i < n; i++) {
      Held held = subscriptions.get(subscriptionIds.get(i));
      if (held != null) {
        held.matched++;
      }
    }
  }

  /**
   * The ids of the subscriptions that still want {@code envelope} (catching up), or none when
   * nothing wants it or when another subscription already brought it to this connection.
   */
  List<String> idsToCatchUp(EventEnvelope envelope) {
    List<String> ids = null;
    for (Map.Entry<String, Held> entry : subscriptions.entrySet()) {
      Held held = entry.getValue();
      if (held.alreadySent(envelope)) {
        return List.of();
      }
      if (held.wants(envelope)) {
        if (ids == null) {
          ids = new ArrayList<>(2);
        }
        ids.add(entry.getKey());
      }
    }
    return ids == null ? List.of() : ids;
  }

  /**
   * A subscription as fan-out keeps it for resume: it wants the matching events after {@code from};
   * those up to {@code handledUpTo} have reached the connection, live or caught up. The one it
   * replaced (same id) keeps counting as sent, so a replacement does not send an event twice.
   */
  static final class Held {

    final SubscriptionFilters filters;
    final EventMatcher matcher;
    final long from;
    final @Nullable Held replaced;
    long handledUpTo;

    /** Events matched for this subscription, live or caught up (for the admin API). */
    long matched;

    Held(SubscriptionFilters filters, EventMatcher matcher, long from, @Nullable Held replaced) {
      this.filters = filters;
      this.matcher = matcher;
      this.from = from;
      this.handledUpTo = from;
      this.replaced = replaced == null ? null : replaced.withoutHistory();
    }

    private Held(Held other) {
      this.filters = other.filters;
      this.matcher = other.matcher;
      this.from = other.from;
      this.handledUpTo = other.handledUpTo;
      this.replaced = null;
    }

    private Held withoutHistory() {
      return replaced == null ? this : new Held(this);
    }

    boolean wants(EventEnvelope envelope) {
      return envelope.seq() > handledUpTo && matcher.matches(envelope.event());
    }

    boolean alreadySent(EventEnvelope envelope) {
      long seq = envelope.seq();
      if (seq > from && seq <= handledUpTo && matcher.matches(envelope.event())) {
        return true;
      }
      return replaced != null && replaced.alreadySent(envelope);
    }
  }
}
