package io.incidentstream.perf.load;

import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The subscribed connections: opens them at a bounded rate with a bounded number of handshakes in
 * flight, each from its {@link SourceAddresses} address with its {@link FilterMix} filter, and
 * closes them with a close handshake. Called from one controlling thread; the connections report
 * through the thread-safe {@link Tally}.
 */
final class Fleet {

  /** The one subscription id every load connection uses, so every recipient's frame is equal. */
  static final String SUBSCRIPTION_ID = "load";

  private static final long SUBSCRIBE_TIMEOUT_SECONDS = 60;
  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Bootstrap bootstrap;
  private final List<InetSocketAddress> servers;
  private final List<WebSocketClientProtocolConfig> handshakes;
  private final SourceAddresses addresses;
  private final FilterMix mix;
  private final Deliveries deliveries;
  private final int connectRate;
  private final int connectConcurrency;
  private final Tally tally = new Tally();
  private final Map<FilterMix.Assignment, String> subscribeFrames = new ConcurrentHashMap<>();
  private final List<Channel> channels = new ArrayList<>();
  private int attempted;

  Fleet(
      EventLoopGroup group,
      List<URI> targets,
      SourceAddresses addresses,
      FilterMix mix,
      Deliveries deliveries,
      int connectRate,
      int connectConcurrency) {
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    HttpHeaders headers = handshakeHeaders(LoadTokens.fromEnvironment());
    this.servers =
        targets.stream().map(t -> new InetSocketAddress(t.getHost(), t.getPort())).toList();
    this.handshakes = targets.stream().map(t -> handshake(t, headers)).toList();
    this.addresses = addresses;
    this.mix = mix;
    this.deliveries = deliveries;
    this.connectRate = connectRate;
    this.connectConcurrency = connectConcurrency;
  }

  /** The handshake for connections to {@code target}. */
  static WebSocketClientProtocolConfig handshake(URI target, HttpHeaders headers) {
    return WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(URI.create("ws://" + target.getHost() + ":" + target.getPort() + "/ws"))
        .version(WebSocketVersion.V13)
        .allowExtensions(false)
        .customHeaders(headers)
        .maxFramePayloadLength(1 << 20)
        .handleCloseFrames(false)
        .sendCloseFrame(null)
        .dropPongFrames(true)
        .generateOriginHeader(false)
        // Every client cycle is taken from the server on the same cores: skip the per-byte
        // UTF-8 check; the stamp reader needs ASCII digits only.
        .withUTF8Validator(false)
        .handshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(SUBSCRIBE_TIMEOUT_SECONDS))
        .build();
  }

  Tally tally() {
    return tally;
  }

  /**
   * Opens connections until {@code total} have been tried, at most {@code connectRate} a second and
   * {@code connectConcurrency} at a time, and returns once each is subscribed or has failed.
   */
  void grow(int total, PrintStream progress) {
    long start = System.nanoTime();
    long lastReport = start;
    int first = attempted;
    while (tally.settled() < total) {
      long now = System.nanoTime();
      long allowed = (long) (connectRate * ((now - start) / 1e9)) + 1 - (attempted - first);
      while (allowed-- > 0 && attempted < total && tally.inFlight() < connectConcurrency) {
        open(attempted++);
      }
      if (now - lastReport > TimeUnit.SECONDS.toNanos(2)) {
        lastReport = now;
        progress.printf(
            "  connecting: %,d subscribed, %,d failed of %,d%n",
            tally.ready.get(), tally.failed.get(), total);
      }
      LockSupport.parkNanos(PARK_NANOS);
    }
  }

  private void open(int index) {
    FilterMix.Assignment assignment = mix.forConnection(index);
    Subscriber subscriber =
        new Subscriber(
            assignment,
            subscribeFrames.computeIfAbsent(assignment, Fleet::subscribeFrame),
            deliveries,
            tally);
    tally.inFlight.incrementAndGet();
    // Connection i goes to server i mod n: with several servers, each holds an equal share.
    WebSocketClientProtocolConfig handshake = handshakes.get(index % handshakes.size());
    InetSocketAddress server = servers.get(index % servers.size());
    ChannelFuture connect =
        bootstrap
            .clone()
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024))
                        .addLast(new WebSocketClientProtocolHandler(handshake))
                        .addLast(subscriber);
                  }
                })
            .connect(server, new InetSocketAddress(addresses.forConnection(index), 0));
    channels.add(connect.channel());
    connect.addListener(
        done -> {
          if (done.isSuccess()) {
            subscriber.failUnlessReadyWithin(SUBSCRIBE_TIMEOUT_SECONDS);
          } else {
            subscriber.connectFailed(done.cause());
          }
        });
  }

  private static String subscribeFrame(FilterMix.Assignment assignment) {
    ClientMessage subscribe =
        new ClientMessage.Subscribe(
            SUBSCRIPTION_ID, assignment.shape().filters(assignment.group()), null);
    return new String(new ProtocolCodec().encode(subscribe), StandardCharsets.UTF_8);
  }

  /** The team and shape of every subscribed connection. */
  FilterMix.Population population() {
    FilterMix.Population population = mix.population();
    for (Subscriber subscriber : tally.subscribed) {
      population.add(subscriber.assignment());
    }
    return population;
  }

  /** Closes every connection (close handshake for the subscribed ones) and waits for it. */
  void closeAll(Duration timeout) {
    for (Subscriber subscriber : tally.subscribed) {
      subscriber.close();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Channel channel : channels) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
        channel.close();
      }
    }
  }

  /**
   * Drops every connection without a close handshake, as a crowd of clients vanishing would: every
   * other one with a TCP reset (SO_LINGER 0), the rest with a plain FIN; waits until they are all
   * closed here and returns how many there were.
   */
  int dropAll(Duration timeout) {
    for (int i = 0; i < channels.size(); i++) {
      Channel channel = channels.get(i);
      if (i % 2 == 0 && channel.isOpen()) {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
      }
      channel.close();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Channel channel : channels) {
      long left = Math.max(0, deadline - System.nanoTime());
      channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS);
    }
    int dropped = channels.size();
    channels.clear();
    return dropped;
  }

  /** What a failure was, in one line. */
  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** What happened to the connections. Thread-safe: every connection reports here. */
  static final class Tally {
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Subscriber> subscribed = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closedByServer = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closingReasons = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder closedCleanly = new LongAdder();
    private final LongAdder closeUnanswered = new LongAdder();

    void ready(Subscriber subscriber) {
      subscribed.add(subscriber);
      ready.incrementAndGet();
      inFlight.decrementAndGet();
    }

    void failed(String reason) {
      count(failures, reason);
      failed.incrementAndGet();
      inFlight.decrementAndGet();
    }

    void closedByServer(String how) {
      count(closedByServer, how);
    }

    void closing(String reason) {
      count(closingReasons, reason);
    }

    void serverError(String code) {
      count(errors, "error frame " + code);
    }

    void error(String description) {
      count(errors, description);
    }

    void closedCleanly(int code) {
      if (code == 1000) {
        closedCleanly.increment();
      } else {
        count(closedByServer, "answered our close with " + code);
      }
    }

    void closeUnanswered() {
      closeUnanswered.increment();
    }

    int settled() {
      return ready.get() + failed.get();
    }

    int inFlight() {
      return inFlight.get();
    }

    int subscribed() {
      return ready.get();
    }

    int failedCount() {
      return failed.get();
    }

    Map<String, Long> failures() {
      return snapshot(failures);
    }

    /** Connections the server closed (or that broke) while subscribed, by how. */
    Map<String, Long> closedByServer() {
      return snapshot(closedByServer);
    }

    long closedByServerCount() {
      return closedByServer().values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> closingReasons() {
      return snapshot(closingReasons);
    }

    Map<String, Long> errors() {
      return snapshot(errors);
    }

    long closedCleanlyCount() {
      return closedCleanly.sum();
    }

    long closeUnansweredCount() {
      return closeUnanswered.sum();
    }

    private static void count(Map<String, LongAdder> counts, String key) {
      counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
      Map<String, Long> copy = new TreeMap<>();
      counts.forEach((key, count) -> copy.put(key, count.sum()));
      return copy;
    }
  }

  static HttpHeaders handshakeHeaders(LoadTokens tokens) {
    return tokens
        .viewerAuthorization()
        .<HttpHeaders>map(
            value -> new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, value))
        .orElse(EmptyHttpHeaders.INSTANCE);
  }
}
