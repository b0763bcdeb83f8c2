package io.incidentstream.streaming.support;

import java.util.concurrent.Semaphore;

/**
 * A gate a test closes and opens to hold a delivery thread: {@link #pass()} returns at once while
 * the gate is open and waits while it is closed. Thread-safe.
 */
public final class Gate {

  private final Semaphore permits = new Semaphore(Integer.MAX_VALUE);
  private volatile boolean waiting;

  /** Waits until the gate is open. */
  public void pass() {
    waiting = true;
    permits.acquireUninterruptibly();
    permits.release();
    waiting = false;
  }

  /** Makes the next {@link #pass()} calls wait until {@link #open()}. */
  public void close() {
    permits.drainPermits();
  }

  public void open() {
    permits.release(Integer.MAX_VALUE - permits.availablePermits());
  }

  /** True while a caller is held at the closed gate. */
  public boolean isWaiting() {
    return waiting;
  }
}
