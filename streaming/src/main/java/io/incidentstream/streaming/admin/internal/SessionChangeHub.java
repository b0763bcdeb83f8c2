package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.SessionChange;
import io.incidentstream.domain.port.SessionChange.Kind;
import io.incidentstream.domain.port.SessionChanges;
import io.incidentstream.domain.port.SessionView;
import io.incidentstream.streaming.concurrent.SerialDrain;
import io.incidentstream.streaming.fanout.SubscriptionChangedEvent;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.incidentstream.streaming.ws.LocalSessions;
import io.incidentstream.streaming.ws.SessionClosedEvent;
import io.incidentstream.streaming.ws.SessionOpenedEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SessionChanges} from the session events the stream publishes: an event loop or the
 * dispatch thread only offers the session id and the kind to a bounded queue (nothing at all while
 * no one listens); one drain task at a time, on a worker thread, reads each session's view through
 * {@link LocalSessions} and hands the change to every listener, in order. A full queue drops the
 * change and tells the listeners they lost some. Thread-safe.
 */
@Singleton
final class SessionChangeHub implements SessionChanges {

  private static final Logger LOG = LoggerFactory.getLogger(SessionChangeHub.class);

  /** How long one view read may take before the change goes out without its view. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  private record Pending(Kind kind, String sessionId) {}

  private final LocalSessions sessions;
  private final String instanceId;
  private final SerialDrain drain;
  private final List<Registration> listeners = new CopyOnWriteArrayList<>();
  private final ArrayBlockingQueue<Pending> pending = new ArrayBlockingQueue<>(MAX_PENDING);
  private final AtomicBoolean lost = new AtomicBoolean();

  SessionChangeHub(
      LocalSessions sessions,
      InstanceIdentity instance,
      @Named(TaskExecutors.BLOCKING) Executor executor) {
    this.sessions = sessions;
    this.instanceId = instance.id();
    this.drain =
        new SerialDrain(executor, this::deliverPending, () -> !pending.isEmpty() || lost.get());
  }

  @Override
  public Feed listen(Listener listener) {
    Registration registration = new Registration(listener);
    listeners.add(registration);
    return registration;
  }

  @EventListener
  void onOpened(SessionOpenedEvent event) {
    record(Kind.OPENED, event.session().id());
  }

  @EventListener
  void onClosed(SessionClosedEvent event) {
    record(Kind.CLOSED, event.session().id());
  }

  @EventListener
  void onSubscriptionChanged(SubscriptionChangedEvent event) {
    record(event.removed() ? Kind.UNSUBSCRIBED : Kind.SUBSCRIBED, event.recipientId());
  }

  private void record(Kind kind, String sessionId) {
    if (listeners.isEmpty()) {
      return;
    }
    if (!pending.offer(new Pending(kind, sessionId))) {
      lost.set(true);
    }
    drain.schedule();
  }

  private void deliverPending() {
    if (lost.getAndSet(false)) {
      pending.clear();
      listeners.forEach(Registration::changesLost);
    }
    Pending next;
    while ((next = pending.poll()) != null) {
      deliver(new SessionChange(next.kind(), next.sessionId(), instanceId, view(next)));
    }
  }

  private @Nullable SessionView view(Pending change) {
    if (change.kind() == Kind.CLOSED) {
      return null;
    }
    try {
      Optional<SessionView> found =
          sessions
              .find(change.sessionId())
              .toCompletableFuture()
              .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return found.orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("no view of session {} for its {} change", change.sessionId(), change.kind(), e);
      return null;
    }
  }

  private void deliver(SessionChange change) {
    for (Registration registration : listeners) {
      registration.deliver(change);
    }
  }

  /** One listener; closing it takes it out of the list. */
  private final class Registration implements Feed {

    private final Listener listener;

    Registration(Listener listener) {
      this.listener = listener;
    }

    void deliver(SessionChange change) {
      try {
        listener.onChange(change);
      } catch (RuntimeException e) {
        LOG.warn("a session-change listener failed; it is removed", e);
        close();
      }
    }

    void changesLost() {
      try {
        listener.onChangesLost();
      } catch (RuntimeException e) {
        close();
      }
    }

    @Override
    public void close() {
      listeners.remove(this);
    }
  }
}
