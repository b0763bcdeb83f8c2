package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.StreamSession;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The registry in a concurrent map, with per-address counts. Thread-safe; {@link #register} takes
 * its slot atomically, so the limits hold under concurrent upgrades.
 */
@Singleton
final class InMemoryConnectionRegistry implements ConnectionRegistry {

  private final int maxConnections;
  private final int maxPerAddress;
  private final ConcurrentHashMap<String, StreamSession> sessions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private volatile boolean draining;

  InMemoryConnectionRegistry(StreamConfiguration config) {
    this.maxConnections = config.maxConnections();
    this.maxPerAddress = config.maxConnectionsPerAddress();
  }

  @Override
  public Admission check(String address) {
    if (draining) {
      return Admission.DRAINING;
    }
    if (total.get() >= maxConnections) {
      return Admission.TOO_MANY_CONNECTIONS;
    }
    return countFor(address) >= maxPerAddress
        ? Admission.TOO_MANY_FROM_ADDRESS
        : Admission.ACCEPTED;
  }

  @Override
  public Admission register(StreamSession session) {
    if (draining) {
      return Admission.DRAINING;
    }
    if (total.incrementAndGet() > maxConnections) {
      total.decrementAndGet();
      return Admission.TOO_MANY_CONNECTIONS;
    }
    String address = session.clientAddress();
    if (perAddress.merge(address, 1, Integer::sum) > maxPerAddress) {
      release(address);
      return Admission.TOO_MANY_FROM_ADDRESS;
    }
    sessions.put(session.id(), session);
    return Admission.ACCEPTED;
  }

  @Override
  public boolean unregister(StreamSession session) {
    if (!sessions.remove(session.id(), session)) {
      return false;
    }
    release(session.clientAddress());
    return true;
  }

  /** Gives back one slot of {@code address}; each key's count changes atomically. */
  private void release(String address) {
    total.decrementAndGet();
    perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
  }

  @Override
  public @Nullable StreamSession get(String sessionId) {
    return sessions.get(sessionId);
  }

  @Override
  public Collection<StreamSession> sessions() {
    return Collections.unmodifiableCollection(sessions.values());
  }

  @Override
  public int size() {
    return sessions.size();
  }

  @Override
  public int countFor(String address) {
    Integer count = perAddress.get(address);
    return count == null ? 0 : count;
  }

  @Override
  public void startDraining() {
    draining = true;
  }

  @Override
  public boolean isDraining() {
    return draining;
  }
}
