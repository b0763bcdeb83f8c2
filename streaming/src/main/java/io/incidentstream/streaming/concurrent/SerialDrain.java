package io.incidentstream.streaming.concurrent;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Drains a queue on an executor, one task at a time: {@link #schedule} from any thread starts a
 * drain unless one is already scheduled or running; after a drain, another is scheduled if work
 * arrived meanwhile. An executor that refuses the task (shutting down) leaves the work queued.
 * Thread-safe, never blocks.
 */
public final class SerialDrain {

  private final Executor executor;
  private final Runnable drain;
  private final BooleanSupplier moreWork;
  private final AtomicBoolean draining = new AtomicBoolean();

  /**
   * @param drain delivers what is queued (on the executor, never two at once)
   * @param moreWork whether work is still queued once a drain has returned
   */
  public SerialDrain(Executor executor, Runnable drain, BooleanSupplier moreWork) {
    this.executor = executor;
    this.drain = drain;
    this.moreWork = moreWork;
  }

  /** Makes sure a drain runs after this call. */
  public void schedule() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::run);
    } catch (RejectedExecutionException shuttingDown) {
      draining.set(false);
    }
  }

  private void run() {
    try {
      drain.run();
    } finally {
      draining.set(false);
    }
    if (moreWork.getAsBoolean()) {
      schedule();
    }
  }
}
