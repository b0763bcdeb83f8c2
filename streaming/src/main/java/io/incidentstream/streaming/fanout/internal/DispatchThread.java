package io.incidentstream.streaming.fanout.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread all fan-out state is confined to: a one-thread Netty event loop, whose lock-free
 * MPSC task queue lets the bus, the event loops and the sessions hand work over without blocking.
 * Tasks run in the order they were handed over. Thread-safe.
 */
final class DispatchThread {

  private static final Logger LOG = LoggerFactory.getLogger(DispatchThread.class);

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("stream-dispatch", true), LocalIoHandler.newFactory());
  private final EventExecutor executor = group.next();

  /** Queues {@code task}; false (the task dropped) once the thread has stopped. Never blocks. */
  boolean handOver(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException shuttingDown) {
      LOG.debug("fan-out stopped; dropping a task");
      return false;
    }
  }

  /** Whether the caller is the dispatch thread. */
  boolean inThread() {
    return executor.inEventLoop();
  }

  void stop() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
