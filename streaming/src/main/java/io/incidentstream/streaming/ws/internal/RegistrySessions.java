package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.port.SessionCursor;
import io.incidentstream.domain.port.SessionFilter;
import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.domain.port.SessionSort;
import io.incidentstream.domain.port.SessionView;
import io.incidentstream.domain.port.SubscriptionView;
import io.incidentstream.streaming.admin.AdminConfiguration;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.incidentstream.streaming.ws.LocalSessions;
import io.incidentstream.streaming.ws.StreamSession;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LocalSessions} over the {@link ConnectionRegistry}. A page scans the sessions on a worker
 * thread, reading each through a {@link SessionFactsReader} (no copy for the sessions it leaves
 * out), keeps the best {@code first} in a bounded heap, copies only those, then asks fan-out for
 * their subscriptions (a copy of that page on the dispatch thread). Thread-safe.
 */
@Singleton
final class RegistrySessions implements LocalSessions {

  private static final Logger LOG = LoggerFactory.getLogger(RegistrySessions.class);

  private final ConnectionRegistry registry;
  private final SubscriptionService subscriptions;
  private final LongSupplier headSeq;
  private final InstanceIdentity instance;
  private final long idleAfterNanos;
  private final Executor worker;

  @Inject
  RegistrySessions(
      ConnectionRegistry registry,
      SubscriptionService subscriptions,
      EventHistory history,
      InstanceIdentity instance,
      AdminConfiguration config,
      @Named(TaskExecutors.BLOCKING) Executor worker) {
    this(registry, subscriptions, history::lastSeq, instance, config.idleAfter(), worker);
  }

  /**
   * @param headSeq the stream's head seq (for the sessions' lag)
   * @param worker where page scans run (never an event loop)
   */
  RegistrySessions(
      ConnectionRegistry registry,
      SubscriptionService subscriptions,
      LongSupplier headSeq,
      InstanceIdentity instance,
      Duration idleAfter,
      Executor worker) {
    this.registry = registry;
    this.subscriptions = subscriptions;
    this.headSeq = headSeq;
    this.instance = instance;
    this.idleAfterNanos = idleAfter.toNanos();
    this.worker = worker;
  }

  private SessionFactsReader reader() {
    return new SessionFactsReader(instance.id(), idleAfterNanos, headSeq.getAsLong());
  }

  @Override
  public CompletionStage<SessionPage> page(SessionPageRequest request) {
    return CompletableFuture.supplyAsync(() -> scan(request), worker)
        .thenCompose(this::withSubscriptions);
  }

  @Override
  public CompletionStage<Optional<SessionView>> find(String sessionId) {
    NettyStreamSession session = live(registry.get(sessionId));
    if (session == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    SessionView view = reader().read(session).view();
    return subscriptions
        .describe(List.of(session))
        .thenApply(
            subs -> Optional.of(view.withSubscriptions(subs.getOrDefault(view.id(), List.of()))));
  }

  @Override
  public Optional<String> disconnect(String sessionId, String reason) {
    StreamSession session = registry.get(sessionId);
    if (session == null || !session.isOpen()) {
      return Optional.empty();
    }
    close(session, reason);
    return Optional.of(session.id());
  }

  @Override
  public CompletionStage<List<String>> disconnectSubject(String subject, String reason) {
    return CompletableFuture.supplyAsync(() -> closeAllOf(subject, reason), worker);
  }

  private List<String> closeAllOf(String subject, String reason) {
    List<String> closed = new ArrayList<>();
    for (StreamSession session : registry.sessions()) {
      if (session.isOpen() && subject.equals(session.principal().subject())) {
        close(session, reason);
        closed.add(session.id());
      }
    }
    return closed;
  }

  private static void close(StreamSession session, String reason) {
    LOG.info("{}: closing on an operator's request ({})", session, reason);
    session.close(CloseCode.NORMAL, reason);
  }

  private static @Nullable NettyStreamSession live(@Nullable StreamSession session) {
    return session instanceof NettyStreamSession netty ? netty : null;
  }

  /** The page without subscriptions: one pass over the registry, one view per listed session. */
  private Scanned scan(SessionPageRequest request) {
    SessionFilter filter = request.filter();
    SessionSort sort = request.sort();
    SessionCursor after = request.after();
    int first = request.first();
    Comparator<Candidate> order =
        (a, b) -> sort.compare(a.key, a.session.id(), b.key, b.session.id());
    PriorityQueue<Candidate> best = new PriorityQueue<>(first + 2, order.reversed());
    SessionFactsReader facts = reader();
    int total = 0;
    int following = 0;
    for (StreamSession each : registry.sessions()) {
      NettyStreamSession session = live(each);
      if (session == null || !filter.matches(facts.read(session))) {
        continue;
      }
      total++;
      long key = facts.sortKey(sort.field());
      if (after != null && !sort.isAfter(key, session.id(), after)) {
        continue;
      }
      following++;
      if (best.size() < first) {
        best.add(new Candidate(key, session));
      } else if (first > 0
          && sort.compare(key, session.id(), best.peek().key, best.peek().session.id()) < 0) {
        best.poll();
        best.add(new Candidate(key, session));
      }
    }
    List<Candidate> page = new ArrayList<>(best);
    page.sort(order);
    List<NettyStreamSession> sessions = new ArrayList<>(page.size());
    List<SessionView> views = new ArrayList<>(page.size());
    for (Candidate candidate : page) {
      sessions.add(candidate.session);
      views.add(facts.read(candidate.session).view());
    }
    return new Scanned(sessions, views, total, following > page.size());
  }

  private CompletionStage<SessionPage> withSubscriptions(Scanned scanned) {
    if (scanned.sessions.isEmpty()) {
      return CompletableFuture.completedFuture(
          new SessionPage(List.of(), scanned.total, scanned.hasNext, List.of()));
    }
    return subscriptions
        .describe(scanned.sessions)
        .thenApply(
            subs -> {
              List<SessionView> views = new ArrayList<>(scanned.views.size());
              for (SessionView view : scanned.views) {
                views.add(view.withSubscriptions(subscriptionsOf(subs, view.id())));
              }
              return new SessionPage(views, scanned.total, scanned.hasNext, List.of());
            });
  }

  private static List<SubscriptionView> subscriptionsOf(
      Map<String, List<SubscriptionView>> subs, String sessionId) {
    return subs.getOrDefault(sessionId, List.of());
  }

  private record Candidate(long key, NettyStreamSession session) {}

  private record Scanned(
      List<NettyStreamSession> sessions, List<SessionView> views, int total, boolean hasNext) {}
}
