package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.limits.RateLimiter;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ConnectionRegistry.Admission;
import io.incidentstream.streaming.ws.SessionClosedEvent;
import io.incidentstream.streaming.ws.SessionOpenedEvent;
import io.incidentstream.streaming.ws.StreamSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code /ws} connection over a Netty channel: its outbound queue and writer, its close
 * handshake, and its inbound bookkeeping.
 *
 * <p>Thread-safe: producers (the dispatch thread, housekeeping, any caller of {@link #send}) only
 * touch the locked queue and the volatile fields (updated through field updaters rather than atomic
 * objects: one per field per connection would add 16 bytes each); writing, closing and inbound
 * handling run on the channel's event loop. As a {@link Runnable} it is its own drain task.
 */
final class NettyStreamSession implements StreamSession, Recipient, Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(NettyStreamSession.class);

  /** How long a closing connection waits for the client's close frame before dropping TCP. */
  static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

  private static final int OPEN = 0;
  private static final int CLOSING = 1;
  private static final int CLOSED = 2;
  private static final int NOT_REGISTERED = 0;
  private static final int REGISTERED = 1;
  private static final int UNREGISTERED = 2;
  private static final AtomicIntegerFieldUpdater<NettyStreamSession> STATE =
      AtomicIntegerFieldUpdater.newUpdater(NettyStreamSession.class, "state");
  private static final AtomicIntegerFieldUpdater<NettyStreamSession> REGISTRATION =
      AtomicIntegerFieldUpdater.newUpdater(NettyStreamSession.class, "registration");
  private static final AtomicIntegerFieldUpdater<NettyStreamSession> DRAIN_SCHEDULED =
      AtomicIntegerFieldUpdater.newUpdater(NettyStreamSession.class, "drainScheduled");
  private static final AtomicReferenceFieldUpdater<NettyStreamSession, @Nullable Runnable>
      DRAINED_TASK =
          AtomicReferenceFieldUpdater.newUpdater(
              NettyStreamSession.class, Runnable.class, "drainedTask");

  /** The {@code closing} reason when the history evicted events a resuming client still needed. */
  static final String CATCH_UP_FELL_BEHIND = "slow consumer: resume fell behind the history";

  private final String id;
  private final Channel channel;
  private final String clientAddress;
  private final long openedAtMillis = System.currentTimeMillis();
  private final TenantScope tenants;
  private final SessionServices services;
  private final StreamMetrics metrics;
  private final OutboundQueue queue;
  private final RateLimiter rateLimiter;
  private volatile int state = OPEN;
  private volatile int registration = NOT_REGISTERED;
  private volatile int drainScheduled;
  private volatile @Nullable Runnable drainedTask;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile @Nullable ChannelHandlerContext ctx;
  private volatile @Nullable Integer closeCode;
  private boolean closeFrameSent;
  private boolean closeFrameReceived;

  NettyStreamSession(String id, Channel channel, String clientAddress, SessionServices services) {
    this.id = id;
    this.channel = channel;
    this.clientAddress = clientAddress;
    this.tenants = TenantScope.ALL;
    this.services = services;
    this.metrics = services.metrics;
    this.queue = new OutboundQueue(services.queueLimits, services.queueDrops);
    this.rateLimiter = new RateLimiter(services.config.maxMessagesPerSecond(), System.nanoTime());
  }

  /** Called by the frame handler once it sits in the pipeline. */
  void attach(ChannelHandlerContext handlerContext) {
    this.ctx = handlerContext;
  }

  /** Queues {@code welcome}, then joins the registry or closes if the limits say no. */
  void start() {
    send(
        new ServerMessage.Welcome(
            id,
            Instant.now(),
            services.instance.id(),
            services.config.heartbeatInterval().toMillis(),
            services.epoch.current()));
    Admission admission = services.registry.register(this);
    if (admission != Admission.ACCEPTED) {
      rejectAdmission(admission);
      return;
    }
    registration = REGISTERED;
    LOG.debug("session {} opened from {}", id, clientAddress);
    services.events.publishEvent(new SessionOpenedEvent(this));
  }

  private void rejectAdmission(Admission admission) {
    LOG.info("session {} from {} refused: {}", id, clientAddress, admission);
    if (admission == Admission.DRAINING) {
      close(CloseCode.GOING_AWAY, CloseCode.GOING_AWAY.reason());
    } else {
      close(CloseCode.POLICY, "connection limit reached");
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String clientAddress() {
    return clientAddress;
  }

  @Override
  public Instant openedAt() {
    return Instant.ofEpochMilli(openedAtMillis);
  }

  @Override
  public boolean isOpen() {
    return state == OPEN;
  }

  @Override
  public boolean isConnected() {
    return channel.isActive();
  }

  @Override
  public long lastActivityNanos() {
    return lastActivityNanos;
  }

  @Override
  public int pendingMessages() {
    return queue.size();
  }

  @Override
  public double queueSaturation() {
    return queue.saturation();
  }

  @Override
  public boolean acceptsTenant(String tenant) {
    return tenants.allows(tenant);
  }

  @Override
  public void deliver(EventEnvelope envelope, ByteBuf prefix, List<String> subscriptionIds) {
    if (state != OPEN) {
      metrics.eventDropped(envelope.priority(), StreamMetrics.DROP_SESSION_CLOSED);
      return;
    }
    handleOffer(queue.offer(eventFrame(envelope, prefix, subscriptionIds)), envelope.priority());
  }

  @Override
  public Room deliverIfRoom(EventEnvelope envelope, ByteBuf prefix, List<String> subscriptionIds) {
    if (state != OPEN) {
      return Room.GONE;
    }
    OutboundQueue.Offer offer = queue.offerIfRoom(eventFrame(envelope, prefix, subscriptionIds));
    if (offer == OutboundQueue.Offer.ACCEPTED) {
      scheduleDrain();
      return Room.QUEUED;
    }
    return offer == OutboundQueue.Offer.FULL ? Room.FULL : Room.GONE;
  }

  private Outbound eventFrame(EventEnvelope envelope, ByteBuf prefix, List<String> ids) {
    byte[] suffix = services.codec.encodeEventFrameSuffix(ids);
    ByteBuf frame =
        Unpooled.wrappedBuffer(
            prefix.retainedDuplicate(),
            channel.alloc().directBuffer(suffix.length).writeBytes(suffix));
    return Outbound.event(
        frame, envelope.priority().ordinal(), envelope.timestamp().toEpochMilli());
  }

  @Override
  public void whenDrained(Runnable task) {
    drainedTask = task;
    if (state != OPEN || queue.size() == 0) {
      runDrainedTask();
    }
  }

  private void runDrainedTask() {
    Runnable task = DRAINED_TASK.getAndSet(this, null);
    if (task != null) {
      task.run();
    }
  }

  @Override
  public void catchUpFellBehind() {
    LOG.warn(
        "session {} from {} fell behind the history while catching up: closing", id, clientAddress);
    close(CloseCode.SLOW_CONSUMER, CATCH_UP_FELL_BEHIND);
  }

  @Override
  public void streamRestarted() {
    LOG.warn(
        "session {} from {}: the stream restarted (its history was lost): closing",
        id,
        clientAddress);
    close(CloseCode.STREAM_RESET, CloseCode.STREAM_RESET.reason());
  }

  @Override
  public void send(ServerMessage message) {
    ByteBuf content = Unpooled.wrappedBuffer(services.codec.encode(message));
    handleOffer(queue.offer(Outbound.control(content)), null);
  }

  private void handleOffer(OutboundQueue.Offer offer, @Nullable Priority priority) {
    switch (offer) {
      case ACCEPTED -> scheduleDrain();
      case DROPPED -> metrics.eventDropped(priority(priority), StreamMetrics.DROP_QUEUE_FULL);
      case CLOSED -> {
        if (priority != null) {
          metrics.eventDropped(priority, StreamMetrics.DROP_SESSION_CLOSED);
        }
      }
      case OVERFLOW -> close(CloseCode.SLOW_CONSUMER, CloseCode.SLOW_CONSUMER.reason());
    }
  }

  private static Priority priority(@Nullable Priority priority) {
    return priority == null ? Priority.CRITICAL : priority;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A shutdown close (1001) waits for the events already handed to fan-out, so they go out
   * before {@code closing}; every other close discards what is queued and goes at once.
   */
  @Override
  public void close(CloseCode code, String reason) {
    if (code == CloseCode.GOING_AWAY) {
      services.subscriptions.afterPendingEvents(() -> closeNow(code, reason));
    } else {
      closeNow(code, reason);
    }
  }

  private void closeNow(CloseCode code, String reason) {
    if (!STATE.compareAndSet(this, OPEN, CLOSING)) {
      return;
    }
    closeCode = code.code();
    boolean flushPending = code == CloseCode.GOING_AWAY;
    ByteBuf closing =
        Unpooled.wrappedBuffer(services.codec.encode(new ServerMessage.Closing(reason)));
    queue.terminate(!flushPending, Outbound.control(closing), Outbound.close(code.code(), reason));
    logClose(code, reason);
    scheduleDrain();
    Duration wait =
        flushPending
            ? services.config.shutdownGrace().plus(CLOSE_HANDSHAKE_TIMEOUT)
            : CLOSE_HANDSHAKE_TIMEOUT;
    try {
      channel.eventLoop().schedule(this::closeChannel, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException loopGone) {
      closeChannel();
    }
  }

  // Policy closes (too large, slow, idle, rate-limited) are what an operator looks for at 3 a.m.;
  // normal and shutdown closes would only drown them.
  private void logClose(CloseCode code, String reason) {
    if (code == CloseCode.NORMAL || code == CloseCode.GOING_AWAY) {
      LOG.debug("session {} closing with {} ({})", id, code.code(), reason);
    } else {
      LOG.info(
          "session {} from {} closing with {} ({}) on instance {}",
          id,
          clientAddress,
          code.code(),
          reason,
          services.instance.id());
    }
  }

  @Override
  public void ping() {
    runOnLoop(this::writePing);
  }

  private void writePing() {
    ChannelHandlerContext c = ctx;
    if (c != null && state == OPEN && channel.isActive()) {
      c.writeAndFlush(new PingWebSocketFrame(), c.voidPromise());
    }
  }

  /** Any client frame, pongs included. Event loop only. */
  void touch() {
    lastActivityNanos = System.nanoTime();
  }

  /** A complete text message from the client. Event loop only. */
  void onText(String text) {
    metrics.messageReceived();
    if (state != OPEN) {
      return;
    }
    services.protocol.onText(this, rateLimiter, text);
  }

  /** A complete binary message from the client. Event loop only. */
  void onBinary() {
    metrics.messageReceived();
    if (state == OPEN) {
      services.protocol.onBinary(this);
    }
  }

  /** A message over {@code max-message-size}. Event loop only. */
  void onTooLarge() {
    metrics.messageReceived();
    services.protocol.onTooLarge(this, services.config.maxMessageSize());
  }

  /** The client's close frame: answer it (echoing its code) or finish our own close. */
  void onCloseFrame(int statusCode, String reasonText) {
    closeFrameReceived = true;
    if (STATE.compareAndSet(this, OPEN, CLOSING)) {
      closeCode = statusCode < 0 ? null : statusCode;
      queue.close();
      closeFrameSent = true;
      writeOrCloseNow(echo(statusCode, reasonText));
      return;
    }
    if (closeFrameSent) {
      closeChannel();
    }
  }

  private void writeOrCloseNow(CloseWebSocketFrame frame) {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      frame.release();
      channel.close();
      return;
    }
    c.writeAndFlush(frame).addListener(f -> closeChannel());
  }

  private static CloseWebSocketFrame echo(int statusCode, String reasonText) {
    if (statusCode < 0) {
      return new CloseWebSocketFrame();
    }
    try {
      return new CloseWebSocketFrame(statusCode, reasonText);
    } catch (IllegalArgumentException invalidCode) {
      return new CloseWebSocketFrame(CloseCode.NORMAL.code(), CloseCode.NORMAL.reason());
    }
  }

  /** The channel became writable again. Event loop only. */
  void onWritable() {
    drain();
  }

  private void scheduleDrain() {
    if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
      runOnLoop(this);
    }
  }

  /** Runs a task on the channel's event loop; once that loop is gone, the channel is too. */
  private void runOnLoop(Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException loopGone) {
      release();
    }
  }

  /** The drain task: writes what is queued. Event loop only (see {@link #scheduleDrain}). */
  @Override
  public void run() {
    drain();
  }

  private void drain() {
    drainScheduled = 0;
    ChannelHandlerContext c = ctx;
    if (c == null || !channel.isActive()) {
      return;
    }
    boolean force = queue.isTerminating();
    long nowMillis = System.currentTimeMillis();
    int frames = 0;
    int events = 0;
    Outbound item;
    while ((force || channel.isWritable()) && (item = queue.poll()) != null) {
      if (item.isClose()) {
        writeClose(c, item);
        break;
      }
      c.write(new TextWebSocketFrame(item.content), c.voidPromise());
      frames++;
      if (item.isEvent()) {
        events++;
        metrics.latencyMillis(nowMillis - item.eventTimestampMillis);
      }
    }
    c.flush();
    metrics.messagesSent(frames);
    metrics.eventsDelivered(events);
    if (frames > 0 && drainedTask != null && queue.isBelowLowWatermark()) {
      runDrainedTask();
    }
  }

  private void writeClose(ChannelHandlerContext c, Outbound close) {
    closeFrameSent = true;
    var future = c.write(new CloseWebSocketFrame(close.closeCode, close.closeReason));
    if (closeFrameReceived) {
      future.addListener(f -> closeChannel());
    }
  }

  /** Drops the TCP connection now (bypassing the shutdown interception). */
  void closeChannel() {
    ChannelHandlerContext c = ctx;
    if (c != null) {
      c.close();
    } else {
      channel.close();
    }
  }

  @Override
  public void release() {
    cleanup();
    unregister();
  }

  /** The connection is gone: leave the index, release every buffer. */
  void cleanup() {
    if (STATE.getAndSet(this, CLOSED) == CLOSED) {
      return;
    }
    queue.close();
    drainedTask = null;
    services.subscriptions.removeAll(this);
  }

  /**
   * Announces the close, then leaves the registry. Called once the channel's pipeline is gone (or
   * the channel cannot be reached any more), so nothing of this connection still publishes into the
   * context when the shutdown drain sees an empty registry and lets the context stop.
   */
  void unregister() {
    if (!REGISTRATION.compareAndSet(this, REGISTERED, UNREGISTERED)) {
      return;
    }
    LOG.debug("session {} closed (code {})", id, closeCode);
    try {
      services.events.publishEvent(new SessionClosedEvent(this, closeCode));
    } finally {
      services.registry.unregister(this);
    }
  }

  @Override
  public String toString() {
    return "session " + id + " from " + clientAddress;
  }
}
