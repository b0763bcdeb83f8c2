package io.incidentstream.perf.load.baseline;

import io.micronaut.runtime.Micronaut;
import java.util.Map;

/**
 * {@code java -jar perf/target/loadgen.jar baseline-server [--port 8090]}: the comparison server.
 * Plain Micronaut, loopback only, connections never time out (the load generator holds them idle
 * for minutes, and this server sends no heartbeats), no metrics or management endpoints.
 */
public final class BaselineServer {

  private BaselineServer() {}

  public static void main(String[] args) {
    int port = port(args);
    Micronaut.build(new String[0])
        .mainClass(BaselineServer.class)
        .banner(false)
        .properties(
            Map.of(
                "micronaut.application.name", "incident-stream-baseline",
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", port,
                "micronaut.server.idle-timeout", "1h",
                "micronaut.server.read-idle-timeout", "1h",
                "micronaut.server.write-idle-timeout", "1h",
                // Off: present only because the perf module's classpath carries them; per-request
                // metrics would tax the baseline's ingest, and nothing reads them.
                "micronaut.metrics.enabled", false,
                // Off for the same reason: the baseline takes no tokens (its clients send the
                // same ones, and it ignores them), as the stock endpoint it stands for.
                "micronaut.security.enabled", false,
                "endpoints.all.enabled", false))
        .start();
    System.out.printf(
        "baseline server on http://127.0.0.1:%d, pid %d%n", port, ProcessHandle.current().pid());
  }

  private static int port(String[] args) {
    if (args.length == 0) {
      return 8090;
    }
    if (args.length != 2 || !args[0].equals("--port")) {
      throw new IllegalArgumentException("usage: baseline-server [--port N]");
    }
    try {
      int port = Integer.parseInt(args[1]);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be 1-65535, got " + args[1]);
    }
  }
}
