package io.incidentstream.app.faults;

import static org.awaitility.Awaitility.await;

import io.incidentstream.app.FreePort;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.TokenMinter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.core.TerminalFailureException;

/**
 * N instances of the built jar, each its own JVM (so that one can be killed with SIGKILL), sharing
 * one stream over the Redis at a given URI:
 *
 * <pre>
 * try (AppCluster cluster = AppCluster.start(redisUri, 3)) { ... }
 * </pre>
 *
 * The instances sign tokens with a random secret of this cluster ({@link #viewerToken()}, {@link
 * #publisherToken()}) and keep their keys under a prefix of their own, so a shared Redis holds
 * nothing of other tests. Each JVM gets a small heap ({@code -Xmx256m}). Thread-safe.
 */
public final class AppCluster implements AutoCloseable {

  /** How long an instance may take to start and become ready on a loaded machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static final int PORT_ATTEMPTS = 3;

  private static final String JVM_OPTIONS =
      "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k";

  private final List<AppInstance> instances;
  private final TokenMinter minter;

  private AppCluster(List<AppInstance> instances, TokenMinter minter) {
    this.instances = List.copyOf(instances);
    this.minter = minter;
  }

  /** Starts {@code count} instances on {@code redisUri} and waits until each is ready. */
  public static AppCluster start(String redisUri, int count) {
    return start(redisUri, count, Map.of());
  }

  /**
   * Starts {@code count} instances with {@code settings} (environment variables, e.g. {@code
   * STREAM_HISTORY_SIZE}) on top of the cluster's own, and waits until each is ready.
   */
  public static AppCluster start(String redisUri, int count, Map<String, String> settings) {
    byte[] secretBytes = new byte[32];
    new SecureRandom().nextBytes(secretBytes);
    String secret = HexFormat.of().formatHex(secretBytes);
    String prefix = "faults-" + UUID.randomUUID();
    List<AppInstance> instances = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      Map<String, String> env = new java.util.HashMap<>(settings);
      env.put("REDIS_URI", redisUri);
      env.put("JWT_SECRET", secret);
      env.put("STREAM_CLUSTER_KEY_PREFIX", prefix);
      env.put("JAVA_TOOL_OPTIONS", JVM_OPTIONS);
      instances.add(new AppInstance("stream-" + i, FreePort.next(), env));
    }
    AppCluster cluster = new AppCluster(instances, new TokenMinter(secret));
    try {
      instances.forEach(AppInstance::launch);
      instances.forEach(cluster::awaitReady);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  public List<AppInstance> instances() {
    return instances;
  }

  public AppInstance get(int index) {
    return instances.get(index);
  }

  /** The instances whose JVM runs now. */
  public List<AppInstance> live() {
    return instances.stream().filter(AppInstance::isAlive).toList();
  }

  /** The {@code /ws} URIs of the live instances. */
  public List<URI> liveWsUris() {
    return live().stream().map(AppInstance::wsUri).toList();
  }

  /** Starts {@code instance} again (same id and port) and waits until it is ready. */
  public void restart(AppInstance instance) {
    instance.launch();
    awaitReady(instance);
  }

  /** Starts every instance that is not running and waits until all are ready. */
  public void restartStopped() {
    List<AppInstance> stopped = instances.stream().filter(i -> !i.isAlive()).toList();
    stopped.forEach(AppInstance::launch);
    stopped.forEach(this::awaitReady);
  }

  /** Waits until every live instance answers readiness 200 (Redis reachable, not draining). */
  public void awaitAllReady() {
    live().forEach(this::awaitReady);
  }

  /** A viewer token of every tenant, valid for an hour. */
  public String viewerToken() {
    return minter.mint("faults-viewer", Set.of(Role.VIEWER), List.of("*"), Duration.ofHours(1));
  }

  /** A publisher token of every tenant (its events go to tenant {@code default}). */
  public String publisherToken() {
    return minter.mint(
        "faults-producer", Set.of(Role.PUBLISHER), List.of("*"), Duration.ofHours(1));
  }

  @Override
  public void close() {
    instances.forEach(AppInstance::close);
  }

  private void awaitReady(AppInstance instance) {
    for (int attempt = 1; ; attempt++) {
      try {
        await()
            .atMost(START_TIMEOUT)
            .pollInterval(Duration.ofMillis(200))
            .alias(instance + " ready")
            .failFast(
                instance + " exited (its output is in " + AppInstance.LOG_DIR + ")",
                () -> !instance.isAlive())
            .until(() -> instance.readiness() == 200);
        return;
      } catch (TerminalFailureException e) {
        if (attempt == PORT_ATTEMPTS || !instance.lostItsPort()) {
          throw e;
        }
        instance.launchOnAnotherPort();
      }
    }
  }
}
