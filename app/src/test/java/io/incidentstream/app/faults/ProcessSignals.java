package io.incidentstream.app.faults;

import io.incidentstream.streaming.support.redis.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Signals to a process by pid with {@code kill(1)}: SIGSTOP and SIGCONT freeze and thaw a process
 * whose sockets stay open, which is what a network pause looks like to its peers. Thread-safe.
 */
public final class ProcessSignals {

  private ProcessSignals() {}

  /** The pid of the {@code redis-server} behind {@code client}, from {@code INFO server}. */
  public static long redisPid(RespClient client) {
    String info = String.valueOf(client.call("INFO", "server"));
    return info.lines()
        .filter(line -> line.startsWith("process_id:"))
        .map(line -> Long.parseLong(line.substring("process_id:".length()).strip()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("INFO server without process_id: " + info));
  }

  public static void stop(long pid) {
    send("-STOP", pid);
  }

  public static void resume(long pid) {
    send("-CONT", pid);
  }

  private static void send(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill " + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
