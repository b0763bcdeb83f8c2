package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.streaming.StreamingException;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.configuration.lettuce.DefaultRedisConfiguration;
import io.micronaut.context.annotation.Requires;
import io.netty.util.concurrent.DefaultThreadFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's two connections to Redis (commands, and pub/sub for the bus channels) and the one
 * control thread that looks after them. Lettuce's own reconnect is off: a lost connection is
 * dropped and opened afresh with exponential backoff ({@code reconnect-min-backoff} doubling up to
 * {@code reconnect-max-backoff}), which is also how a wedged subscription is replaced. Commands
 * fail fast while a connection is down ({@code REJECT_COMMANDS}) and time out after {@code
 * command-timeout}. The connections are named {@code <prefix>:<instance_id>:commands} and {@code
 * :pubsub}, so {@code CLIENT LIST} shows whose they are. Pub/sub messages arrive as bytes.
 *
 * <p>Thread-safety: connection state changes only on the control thread; the current connections
 * are published through volatile fields, so any thread may use them. Nothing here blocks a Lettuce
 * or Netty thread: Lettuce's callbacks only hand work to the control thread.
 */
@Singleton
@Requires(property = "redis.uri")
public final class RedisLink {

  /** The two connections. */
  enum Kind {
    COMMANDS,
    PUBSUB
  }

  /** Told on the control thread when a lost connection is back, or when one goes down. */
  interface Listener {
    void reconnected(Kind kind);

    void disconnected(Kind kind);
  }

  private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
  static final String CONTROL_THREAD = "cluster-bus-control";

  /**
   * Channel names as text, messages as the bytes Redis sent: an event's JSON goes from the socket
   * to the client frames without becoming a {@code String}.
   */
  private static final RedisCodec<String, byte[]> MESSAGES_AS_BYTES =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisClient client;
  private final RedisURI uri;
  private final RedisURI pubsubUri;
  private final ClusterConfiguration config;
  private final ClusterMetrics metrics;
  private final ScheduledExecutorService control =
      Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory(CONTROL_THREAD, true));
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> beforeClose = new CopyOnWriteArrayList<>();
  private final Slot<StatefulRedisConnection<String, String>> commands;
  private final Slot<StatefulRedisPubSubConnection<String, byte[]>> pubsub;
  private volatile @Nullable RedisPubSubListener<String, byte[]> messages;
  private volatile String[] channels = new String[0];
  private volatile boolean closed;

  /**
   * @param client the {@code redis.*} client of micronaut-redis-lettuce; its options are set here
   *     (the bus is its only user)
   */
  public RedisLink(
      RedisClient client,
      DefaultRedisConfiguration redis,
      ClusterConfiguration config,
      InstanceIdentity identity,
      ClusterMetrics metrics) {
    this.client = client;
    this.config = config;
    this.metrics = metrics;
    RedisURI configured = redis.getUri().orElse(redis);
    String name = config.keyPrefix() + ":" + identity.id().replaceAll("\\s", "_");
    this.uri = named(configured, name + ":commands");
    this.pubsubUri = named(configured, name + ":pubsub");
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
            .socketOptions(SocketOptions.builder().connectTimeout(config.commandTimeout()).build())
            .build());
    client.addListener(new LostConnections());
    this.commands =
        new Slot<>(
            Kind.COMMANDS, () -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture());
    this.pubsub = new Slot<>(Kind.PUBSUB, this::openPubSub);
  }

  /**
   * Opens both connections and subscribes {@code listener} to {@code channels}, blocking the caller
   * (start-up, before the server takes traffic).
   *
   * @throws StreamingException when Redis cannot be reached: start-up fails with the reason
   */
  void start(RedisPubSubListener<String, byte[]> listener, String... subscribeTo) {
    this.messages = listener;
    this.channels = subscribeTo.clone();
    openNow(commands);
    openNow(pubsub);
    LOG.info("Connected to Redis at {}", describe());
  }

  void addListener(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Runs {@code task} on shutdown while the connections are still open, whichever bean is destroyed
   * first; the task may wait for Redis briefly (shutdown is no event loop).
   */
  void beforeClose(Runnable task) {
    beforeClose.add(task);
  }

  /** The commands connection, or null while it is down. */
  @Nullable StatefulRedisConnection<String, String> commands() {
    return commands.connection;
  }

  boolean commandsUp() {
    return commands.connection != null;
  }

  boolean pubsubUp() {
    return pubsub.connection != null;
  }

  /** {@link System#nanoTime()} when the commands connection came up. */
  long commandsUpSince() {
    return commands.upSince;
  }

  /** {@link System#nanoTime()} when the current subscription came up. */
  long pubsubUpSince() {
    return pubsub.upSince;
  }

  String describe() {
    if (uri.getSentinels().isEmpty()) {
      return uri.getHost() + ":" + uri.getPort();
    }
    return "master "
        + uri.getSentinelMasterId()
        + " of the sentinels "
        + uri.getSentinels().stream()
            .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort())
            .collect(Collectors.joining(","));
  }

  /** Drops the pub/sub connection and opens a new one, with backoff. */
  void resubscribe(String why) {
    execute(
        () -> {
          if (pubsub.connection != null) {
            drop(pubsub, why);
          }
        });
  }

  /** Drops connections Lettuce reports closed (in case a disconnect event was missed). */
  void checkOpen() {
    execute(
        () -> {
          dropIfClosed(commands);
          dropIfClosed(pubsub);
        });
  }

  /**
   * Runs {@code task} every {@code period} on the control thread (with fixed delay: a stalled
   * thread never makes up missed runs in a burst); a failure is logged, not fatal.
   */
  void every(Duration period, Runnable task) {
    long nanos = period.toNanos();
    control.scheduleWithFixedDelay(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
  }

  void execute(Runnable task) {
    try {
      control.execute(guarded(task));
    } catch (RejectedExecutionException closing) {
      LOG.debug("control thread stopped; dropping a task");
    }
  }

  @PreDestroy
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    control.shutdownNow();
    for (Runnable task : beforeClose) {
      guarded(task).run();
    }
    CompletableFuture<?> closing =
        CompletableFuture.allOf(closeQuietly(pubsub.connection), closeQuietly(commands.connection));
    try {
      // Shutdown, not an event loop: waiting lets the client shut down after its connections.
      closing.get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Redis connections did not close cleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> openPubSub() {
    RedisPubSubListener<String, byte[]> listener = messages;
    String[] subscribeTo = channels;
    return client
        .connectPubSubAsync(MESSAGES_AS_BYTES, pubsubUri)
        .toCompletableFuture()
        .thenCompose(
            connection -> {
              if (listener != null) {
                connection.addListener(listener);
              }
              return connection
                  .async()
                  .subscribe(subscribeTo)
                  .toCompletableFuture()
                  .handle(
                      (ok, failure) -> {
                        if (failure != null) {
                          connection.closeAsync();
                          throw new CompletionException(failure);
                        }
                        return connection;
                      });
            });
  }

  /** Named, so {@code CLIENT LIST} tells which instance and connection each one is. */
  private RedisURI named(RedisURI configured, String clientName) {
    RedisURI.Builder named =
        RedisURI.builder(configured)
            .withTimeout(config.commandTimeout())
            .withClientName(clientName);
    // builder(RedisURI) copies the host, credentials, TLS and database, not the sentinels of a
    // redis-sentinel:// URI.
    configured.getSentinels().forEach(named::withSentinel);
    if (configured.getSentinelMasterId() != null) {
      named.withSentinelMasterId(configured.getSentinelMasterId());
    }
    return named.build();
  }

  private <C extends StatefulConnection<String, ?>> void openNow(Slot<C> slot) {
    long waitNanos = config.commandTimeout().multipliedBy(3).toNanos();
    try {
      C connection = slot.opener.get().get(waitNanos, TimeUnit.NANOSECONDS);
      slot.up(connection);
    } catch (ExecutionException e) {
      throw unreachable(e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
  }

  private StreamingException unreachable(Throwable cause) {
    return new StreamingException(
        "Cannot connect to Redis at redis.uri ("
            + describe()
            + "): "
            + cause
            + ". The clustered bus needs Redis at start-up; unset redis.uri to run one embedded"
            + " instance.",
        cause);
  }

  private <C extends StatefulConnection<String, ?>> void dropIfClosed(Slot<C> slot) {
    C connection = slot.connection;
    if (connection != null && !connection.isOpen()) {
      drop(slot, "connection closed");
    }
  }

  /** Control thread only. */
  private <C extends StatefulConnection<String, ?>> void drop(Slot<C> slot, String why) {
    C connection = slot.connection;
    slot.connection = null;
    closeQuietly(connection);
    LOG.warn(
        "Redis {} connection to {} down ({}): reconnecting, first in {}",
        slot.kind,
        describe(),
        why,
        slot.delay);
    for (Listener listener : listeners) {
      listener.disconnected(slot.kind);
    }
    scheduleOpen(slot);
  }

  /** Control thread only. */
  private <C extends StatefulConnection<String, ?>> void scheduleOpen(Slot<C> slot) {
    if (closed || slot.opening) {
      return;
    }
    Duration delay = slot.delay;
    slot.delay = min(delay.multipliedBy(2), config.reconnectMaxBackoff());
    slot.opening = true;
    try {
      control.schedule(guarded(() -> open(slot)), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      slot.opening = false;
    }
  }

  /** Control thread only. */
  private <C extends StatefulConnection<String, ?>> void open(Slot<C> slot) {
    if (closed) {
      return;
    }
    CompletableFuture<C> attempt;
    try {
      attempt = slot.opener.get();
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    attempt.whenComplete((connection, failure) -> execute(() -> opened(slot, connection, failure)));
  }

  /** Control thread only. */
  private <C extends StatefulConnection<String, ?>> void opened(
      Slot<C> slot, @Nullable C connection, @Nullable Throwable failure) {
    slot.opening = false;
    if (failure != null || connection == null) {
      LOG.debug("Reconnecting {} to {} failed: {}", slot.kind, describe(), String.valueOf(failure));
      scheduleOpen(slot);
      return;
    }
    if (closed) {
      closeQuietly(connection);
      return;
    }
    slot.up(connection);
    metrics.reconnected();
    LOG.info("Redis {} connection to {} is back", slot.kind, describe());
    for (Listener listener : listeners) {
      listener.reconnected(slot.kind);
    }
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("cluster bus control task failed", e);
      }
    };
  }

  private static CompletableFuture<?> closeQuietly(@Nullable StatefulConnection<?, ?> connection) {
    return connection == null || !connection.isOpen()
        ? CompletableFuture.completedFuture(null)
        : connection.closeAsync();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * One connection and its reconnect state; fields other than the volatile ones: control thread.
   */
  private final class Slot<C extends StatefulConnection<String, ?>> {
    final Kind kind;
    final Supplier<CompletableFuture<C>> opener;
    volatile @Nullable C connection;
    volatile long upSince;
    boolean opening;
    Duration delay;

    Slot(Kind kind, Supplier<CompletableFuture<C>> opener) {
      this.kind = kind;
      this.opener = opener;
      this.delay = config.reconnectMinBackoff();
    }

    void up(C opened) {
      upSince = System.nanoTime();
      delay = config.reconnectMinBackoff();
      connection = opened;
    }
  }

  /** Lettuce tells us on its I/O thread; the control thread decides. */
  private final class LostConnections implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      execute(
          () -> {
            if (handler == commands.connection) {
              drop(commands, "connection lost");
            } else if (handler == pubsub.connection) {
              drop(pubsub, "connection lost");
            }
          });
    }
  }
}
