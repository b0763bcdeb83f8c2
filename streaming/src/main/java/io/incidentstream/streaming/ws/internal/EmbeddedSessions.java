package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.incidentstream.streaming.ws.LocalSessions;
import io.incidentstream.streaming.ws.ProtocolHandler;
import io.incidentstream.streaming.ws.TokenRefresh;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ImmediateExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Real {@code /ws} sessions ({@link NettyStreamSession} with its {@link OutboundQueue} and {@link
 * StreamFrameHandler}) on Netty {@link EmbeddedChannel}s, with the WebSocket frame encoder and
 * decoder a real upgrade installs: the whole write path of a connection, without sockets, behind
 * {@link io.incidentstream.streaming.harness.FanOutHarness}. Fan-out delivers to all of them
 * inline, as to the sessions of one event loop (an embedded channel's loop is the caller's thread).
 * Not thread-safe: one thread opens, flushes and closes.
 */
public final class EmbeddedSessions implements AutoCloseable {

  private final SessionServices services;
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  public EmbeddedSessions(
      StreamConfiguration config, SubscriptionService subscriptions, StreamMetrics metrics) {
    this.services =
        new SessionServices(
            config,
            new ProtocolHandler(subscriptions, TokenRefresh.refusingAll()),
            subscriptions,
            new InMemoryConnectionRegistry(config),
            metrics,
            new InstanceIdentity(config),
            new StreamEpoch(),
            ApplicationEventPublisher.noOp(),
            new Housekeeping(config));
  }

  /**
   * The admin API's view of these sessions (what {@code /graphql} reads): page scans run on the
   * caller's thread, subscriptions are copied on fan-out's dispatch thread as in production.
   *
   * @param headSeq the stream's head seq, for the sessions' lag
   */
  public LocalSessions directory(LongSupplier headSeq) {
    return new RegistrySessions(
        services.registry,
        services.subscriptions,
        headSeq,
        services.instance,
        Duration.ofSeconds(60),
        Runnable::run);
  }

  /** Opens one session; its {@code welcome} waits in its queue until {@link #flush}. */
  public Recipient open() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.pipeline().addLast("wsdecoder", new WebSocket13FrameDecoder(true, true, 65536));
    channel.pipeline().addLast("wsencoder", new WebSocket13FrameEncoder(false));
    NettyStreamSession session =
        new NettyStreamSession(
            "s-" + channels.size(), channel, ImmediateExecutor.INSTANCE, "127.0.0.1", services);
    channel
        .pipeline()
        .addLast(
            StreamFrameHandler.NAME,
            new StreamFrameHandler(session, services.frameDecoderConfig, services.metrics));
    session.start();
    channels.add(channel);
    return session;
  }

  /**
   * Runs every session's writer (what its event loop would do) and takes the bytes it wrote off the
   * wire.
   *
   * @return the bytes written, WebSocket headers included
   */
  public long flush() {
    long bytes = 0;
    for (int i = 0, n = channels.size(); i < n; i++) {
      bytes += flush(channels.get(i));
    }
    return bytes;
  }

  /** Sessions opened so far. */
  public int size() {
    return channels.size();
  }

  /** Like {@link #flush()}, for the session opened {@code index}-th. */
  public long flush(int index) {
    return flush(channels.get(index));
  }

  private static long flush(EmbeddedChannel channel) {
    channel.runPendingTasks();
    long bytes = 0;
    for (Object written; (written = channel.readOutbound()) != null; ) {
      bytes += ((ByteBuf) written).readableBytes();
      ReferenceCountUtil.release(written);
    }
    return bytes;
  }

  @Override
  public void close() {
    for (EmbeddedChannel channel : channels) {
      channel.finishAndReleaseAll();
    }
    channels.clear();
  }
}
