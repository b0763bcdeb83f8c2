package io.incidentstream.client.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The bounded hand-off between the client's loop and the application's listeners: one dispatch
 * thread runs the queued calls in order. Events count against the capacity; control calls (state
 * changes, notices, errors) always fit, so they are never lost. The producer asks {@link #hasRoom}
 * before it offers an event and, when there is none, waits for {@link #whenDrained}: nothing is
 * ever dropped here. Thread-safe: one producer (the loop), one consumer (the dispatch thread).
 */
public final class HandOff {

  private static final Runnable STOP = () -> {};

  private record Item(Runnable call, boolean event) {}

  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger events = new AtomicInteger();
  private final AtomicReference<@Nullable Runnable> drained = new AtomicReference<>();
  private final int capacity;
  private final int lowWatermark;
  private final Consumer<Throwable> onCallFailed;
  private final Thread thread;

  /**
   * @param capacity most events queued at once
   * @param onCallFailed told (on the dispatch thread) when a queued call throws
   */
  public HandOff(int capacity, Consumer<Throwable> onCallFailed, ThreadFactory threads) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.lowWatermark = capacity / 2;
    this.onCallFailed = onCallFailed;
    this.thread = threads.newThread(this::run);
    thread.start();
  }

  public int capacity() {
    return capacity;
  }

  /** Events queued and not yet handed to a listener. */
  public int queuedEvents() {
    return events.get();
  }

  public boolean hasRoom() {
    return events.get() < capacity;
  }

  /** Queues an event's delivery; the caller checked {@link #hasRoom}. */
  public void offerEvent(Runnable delivery) {
    events.incrementAndGet();
    queue.add(new Item(delivery, true));
  }

  /** Queues a control call; it always fits. */
  public void offerControl(Runnable call) {
    queue.add(new Item(call, false));
  }

  /**
   * Runs {@code task} (on the dispatch thread) once the queued events are down to half the
   * capacity, or at once if they already are. Replaces a task not yet run.
   */
  public void whenDrained(Runnable task) {
    drained.set(task);
    if (events.get() <= lowWatermark) {
      runDrained();
    }
  }

  /** Stops the dispatch thread after the calls already queued. */
  public void stopAfterQueued() {
    queue.add(new Item(STOP, false));
  }

  /** Discards the queued events (control calls stay) and stops after the remaining calls. */
  public void discardEventsAndStop() {
    queue.removeIf(item -> item.event() && events.decrementAndGet() >= 0);
    stopAfterQueued();
  }

  /** Whether the caller is the dispatch thread (a listener calling back into the client). */
  public boolean isDispatchThread() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    while (true) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item.call() == STOP) {
        return;
      }
      try {
        item.call().run();
      } catch (Throwable failure) {
        report(failure);
      }
      if (item.event() && events.decrementAndGet() <= lowWatermark) {
        runDrained();
      }
    }
  }

  private void runDrained() {
    Runnable task = drained.getAndSet(null);
    if (task != null) {
      task.run();
    }
  }

  private void report(Throwable failure) {
    try {
      onCallFailed.accept(failure);
    } catch (RuntimeException ignored) {
      // the error handler itself failed: nothing left to tell
    }
  }
}
