package io.incidentstream.perf.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Publishes stamped events through {@code POST /api/v1/events} at a steady rate: every tick it
 * sends the events due since the start as one batch (at most 1000) on an idle keep-alive
 * connection. Events that find no idle connection stay due, up to one second's worth; beyond that
 * they are skipped and counted, so a slow server shows up as a lower rate in, not as a growing
 * burst. Each event draws its team, type and severity at random (seeded); the expected deliveries
 * of events inside the measurement window are added up when the server accepts them (202).
 * Everything runs on one event loop; the controlling thread calls in through {@link #onLoop}.
 */
final class Publisher {

  private static final String PATH = "/api/v1/events";
  private static final int MAX_BATCH = 1000;

  private final EventLoop loop;
  private final InetSocketAddress server;
  private final String host;
  private final @Nullable String authorization;
  private final EventTemplates templates;
  private final Deliveries deliveries;
  private final SplittableRandom random;
  private final int groups;
  private final Duration tick;
  private final List<Link> links = new ArrayList<>();
  private final Map<String, Long> rejections = new TreeMap<>();
  private FilterMix.@Nullable Population population;
  private @Nullable ScheduledFuture<?> ticker;
  private long nextSeq;
  private long windowFrom = Long.MAX_VALUE;
  private long windowTo = Long.MAX_VALUE;
  private boolean windowOpen;
  private double rate;
  private long startNanos;
  private long sentOrSkipped;
  private long inFlightEvents;
  private long acceptedInWindow;
  private long expectedInWindow;
  private long rejectedInWindow;
  private long skippedInWindow;

  Publisher(
      EventLoop loop,
      URI target,
      EventTemplates templates,
      Deliveries deliveries,
      int groups,
      Duration tick,
      long seed) {
    this.loop = loop;
    this.server = new InetSocketAddress(target.getHost(), target.getPort());
    this.host = target.getHost() + ":" + target.getPort();
    this.authorization = LoadTokens.fromEnvironment().publisherAuthorization().orElse(null);
    this.templates = templates;
    this.deliveries = deliveries;
    this.groups = groups;
    this.tick = tick;
    this.random = new SplittableRandom(seed);
  }

  /** Opens {@code connections} keep-alive connections from 127.0.0.1. */
  void connect(int connections) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(1 << 20))
                        .addLast(new Link(Publisher.this));
                  }
                });
    for (int i = 0; i < connections; i++) {
      bootstrap.connect(server).syncUninterruptibly();
    }
  }

  /** Runs {@code task} on the publisher's loop and waits for it. */
  <T> T onLoop(Callable<T> task) {
    try {
      return loop.submit(task).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("publisher task failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("publisher loop did not answer within 30s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Starts publishing {@code eventsPerSecond}, against {@code population}'s subscriptions. */
  void start(double eventsPerSecond, FilterMix.Population subscribed) {
    onLoop(
        () -> {
          population = subscribed;
          rate = eventsPerSecond;
          startNanos = System.nanoTime();
          sentOrSkipped = 0;
          long period = tick.toNanos();
          ticker = loop.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
          return null;
        });
  }

  /** Counts deliveries of events from the next one on; clears the window's figures. */
  void openWindow() {
    onLoop(
        () -> {
          windowFrom = nextSeq;
          windowTo = Long.MAX_VALUE;
          windowOpen = true;
          acceptedInWindow = 0;
          expectedInWindow = 0;
          rejectedInWindow = 0;
          skippedInWindow = 0;
          rejections.clear();
          deliveries.open(nextSeq);
          return null;
        });
  }

  /** Stops publishing; events already sent still count. */
  void stop() {
    onLoop(
        () -> {
          if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
          }
          windowTo = nextSeq;
          windowOpen = false;
          deliveries.close(nextSeq);
          return null;
        });
  }

  /** Figures of the current window; {@code settled} once no batch awaits an answer. */
  Figures figures() {
    return onLoop(
        () ->
            new Figures(
                acceptedInWindow,
                expectedInWindow,
                rejectedInWindow,
                skippedInWindow,
                inFlightEvents == 0,
                new TreeMap<>(rejections)));
  }

  /** What the window published. */
  record Figures(
      long accepted,
      long expectedDeliveries,
      long rejected,
      long skipped,
      boolean settled,
      Map<String, Long> rejections) {}

  private void tick() {
    long target = (long) (rate * (System.nanoTime() - startNanos) / 1e9);
    long due = target - sentOrSkipped;
    long cap = Math.max(MAX_BATCH, (long) rate);
    if (due > cap) {
      skip(due - cap);
      due = cap;
    }
    for (int i = 0; i < links.size() && due > 0; i++) {
      Link link = links.get(i);
      if (link.idle()) {
        int batch = (int) Math.min(due, MAX_BATCH);
        send(link, batch);
        due -= batch;
        sentOrSkipped += batch;
      }
    }
  }

  private void skip(long events) {
    sentOrSkipped += events;
    if (windowOpen) {
      skippedInWindow += events;
    }
  }

  private void send(Link link, int count) {
    ByteBuf body = link.channel().alloc().buffer(count * 1200);
    long now = deliveries.now();
    long expected = 0;
    int inWindow = 0;
    body.writeByte('[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body.writeByte(',');
      }
      long seq = nextSeq++;
      long deliveriesDue = writeEvent(body, seq, now);
      if (seq >= windowFrom && seq < windowTo) {
        inWindow++;
        expected += deliveriesDue;
      }
    }
    body.writeByte(']');
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PATH, body);
    request
        .headers()
        .set(HttpHeaderNames.HOST, host)
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (authorization != null) {
      request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
    }
    link.sent(count, inWindow, expected);
    inFlightEvents += count;
    link.channel().writeAndFlush(request);
  }

  /** Writes one random event; returns the deliveries it must make. */
  private long writeEvent(ByteBuf body, long seq, long now) {
    int group = random.nextInt(groups);
    int type = random.nextInt(FilterMix.EVENT_TYPES.size());
    int severity = random.nextInt(FilterMix.SEVERITIES.size());
    templates.write(body, type, severity, group, seq, now);
    FilterMix.Population subscribed = population;
    return subscribed == null
        ? 0
        : subscribed.expected(
            group, FilterMix.EVENT_TYPES.get(type), FilterMix.SEVERITIES.get(severity));
  }

  private void answered(Link link, HttpResponseStatus status) {
    inFlightEvents -= link.pendingEvents;
    if (status.code() == HttpResponseStatus.ACCEPTED.code()) {
      acceptedInWindow += link.pendingInWindow;
      expectedInWindow += link.pendingExpected;
    } else {
      refused(link, "HTTP " + status.code());
    }
    link.answered();
  }

  private void lost(Link link) {
    links.remove(link);
    inFlightEvents -= link.pendingEvents;
    refused(link, "connection lost");
    link.answered();
  }

  private void refused(Link link, String why) {
    if (link.pendingInWindow > 0) {
      rejectedInWindow += link.pendingInWindow;
      rejections.merge(why, (long) link.pendingInWindow, Long::sum);
    }
  }

  /** One keep-alive connection with at most one batch awaiting its answer. Loop-confined. */
  private static final class Link extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final Publisher publisher;
    private @Nullable Channel channel;
    private int pendingEvents;
    private int pendingInWindow;
    private long pendingExpected;
    private boolean busy;

    Link(Publisher publisher) {
      this.publisher = publisher;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      publisher.links.add(this);
      ctx.fireChannelActive();
    }

    Channel channel() {
      return Objects.requireNonNull(channel, "channel");
    }

    boolean idle() {
      return !busy && channel != null && channel.isActive();
    }

    void sent(int events, int inWindow, long expected) {
      busy = true;
      pendingEvents = events;
      pendingInWindow = inWindow;
      pendingExpected = expected;
    }

    void answered() {
      busy = false;
      pendingEvents = 0;
      pendingInWindow = 0;
      pendingExpected = 0;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      publisher.answered(this, response.status());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      publisher.lost(this);
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
