package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.limits.RateLimiter;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.ws.CloseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code /ws} connection over a Netty channel: its identity, lifecycle (open, closing, closed)
 * and state. The work is done by parts that every session shares, stateless, from {@link
 * SessionServices}: the {@link SessionWriter} (queue to channel), the {@link CloseHandshake}, the
 * {@link InboundMessages}, the resume's {@link CatchUpFlow}, the {@link SessionRegistration} (which
 * also enrols it in its event loop's {@link Housekeeping}) and the {@link SessionCredentials}; what
 * happens to a slow reader is the shared {@link SlowConsumerPolicy}. Each part's state is a few
 * fields here, grouped by part: one object per connection instead of six keeps an idle connection's
 * heap down.
 *
 * <p>Thread-safe: producers (the dispatch thread, housekeeping, any caller of {@link #send}) only
 * touch the locked queue and volatile fields (updated through field updaters rather than atomic
 * objects: one per field per connection would add 16 bytes each); writing, closing and inbound
 * handling run on the channel's event loop. As a {@link Runnable} the session is its own drain
 * task.
 */
final class NettyStreamSession implements Housekept, Recipient, Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(NettyStreamSession.class);

  private static final int OPEN = 0;
  private static final int CLOSING = 1;
  private static final int CLOSED = 2;
  private static final AtomicIntegerFieldUpdater<NettyStreamSession> STATE =
      AtomicIntegerFieldUpdater.newUpdater(NettyStreamSession.class, "state");
  private static final AtomicIntegerFieldUpdater<NettyStreamSession> DRAIN_SCHEDULED =
      AtomicIntegerFieldUpdater.newUpdater(NettyStreamSession.class, "drainScheduled");
  private static final AtomicIntegerFieldUpdater<NettyStreamSession> REGISTRATION =
      AtomicIntegerFieldUpdater.newUpdater(NettyStreamSession.class, "registration");
  private static final AtomicReferenceFieldUpdater<NettyStreamSession, @Nullable Runnable>
      DRAINED_TASK =
          AtomicReferenceFieldUpdater.newUpdater(
              NettyStreamSession.class, Runnable.class, "drainedTask");

  private static final int NOT_REGISTERED = 0;
  private static final int REGISTERED = 1;
  private static final int UNREGISTERED = 2;

  private final String id;
  private final Channel channel;
  private final Executor deliveries;
  private final String clientAddress;
  private final long openedAtMillis = System.currentTimeMillis();
  private final SessionServices services;
  private final OutboundQueue queue;
  private volatile StreamPrincipal principal;
  private volatile TenantScope tenants;
  private volatile int state = OPEN;
  private volatile @Nullable ChannelHandlerContext ctx;
  private int housekeepingSlot = -1;
  private @Nullable String userAgent;

  /** Subscription count (high 16 bits) and the event types they admit (low 16), see below. */
  private volatile int subscriptionShape;

  // SessionWriter: whether a drain task is scheduled; counters for the admin API, written by the
  // drain on the event loop only and read racily from any thread (nothing per frame beyond an
  // increment).
  private volatile int drainScheduled;
  private int messagesOut;
  private int eventsDelivered;
  private long lastSeqDelivered;
  private long lastEventNanos;

  // CloseHandshake: the code and reason the connection closed with (ours or the client's); which
  // close frames went each way (event loop only). closeFrameReceived is also set when the client's
  // close frame will never be read (a failed connection): nothing is left to wait for.
  private volatile @Nullable Integer closeCode;
  private volatile @Nullable String closeReason;
  boolean closeFrameSent;
  boolean closeFrameReceived;

  // InboundMessages: activity times, complete messages received, and the inbound rate limit
  // (event loop only).
  volatile long lastActivityNanos = System.nanoTime();
  int messagesIn;
  volatile long lastClientFrameNanos = lastActivityNanos;
  private final RateLimiter rateLimiter;

  // CatchUpFlow: fan-out's next catch-up step, waiting for the queue to drain.
  private volatile @Nullable Runnable drainedTask;

  // SessionCredentials: whether the check at the token's exp is scheduled.
  volatile boolean expiryScheduled;

  // SessionRegistration: NOT_REGISTERED, REGISTERED, UNREGISTERED.
  private volatile int registration = NOT_REGISTERED;

  /**
   * A session of an admin that never expires: for tests and benchmarks of the session alone.
   *
   * @param deliveries where fan-out delivers this session's events: its channel's event loop (a
   *     benchmark on embedded channels passes one executor for all)
   */
  NettyStreamSession(
      String id,
      Channel channel,
      Executor deliveries,
      String clientAddress,
      SessionServices services) {
    this(
        id,
        channel,
        deliveries,
        clientAddress,
        new StreamPrincipal("internal", Set.of(Role.ADMIN), TenantScope.ALL, null),
        services);
  }

  NettyStreamSession(
      String id,
      Channel channel,
      Executor deliveries,
      String clientAddress,
      StreamPrincipal principal,
      SessionServices services) {
    this.id = id;
    this.channel = channel;
    this.deliveries = deliveries;
    this.clientAddress = clientAddress;
    this.principal = principal;
    this.tenants = principal.tenants();
    this.services = services;
    this.queue = new OutboundQueue(services.queueLimits, services.queueDrops);
    this.rateLimiter = new RateLimiter(services.config.maxMessagesPerSecond(), System.nanoTime());
  }

  /** Set once, before {@link #start()} publishes the session through the registry. */
  void userAgent(@Nullable String value) {
    this.userAgent = value;
  }

  @Nullable String userAgent() {
    return userAgent;
  }

  /** Called by the frame handler once it sits in the pipeline. */
  void attach(ChannelHandlerContext handlerContext) {
    this.ctx = handlerContext;
  }

  /**
   * Lets the protocol greet the client ({@code welcome}), then joins the registry or closes if the
   * limits say no.
   */
  void start() {
    services.protocol.onOpen(
        this,
        new ServerMessage.Welcome(
            id,
            Instant.now(),
            services.instance.id(),
            services.config.heartbeatInterval().toMillis(),
            services.epoch.current()));
    services.registration.register(this);
    services.credentials.start(this);
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
  public long lastClientFrameNanos() {
    return lastClientFrameNanos;
  }

  @Override
  public int housekeepingSlot() {
    return housekeepingSlot;
  }

  @Override
  public void housekeepingSlot(int slot) {
    housekeepingSlot = slot;
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
  public StreamPrincipal principal() {
    return principal;
  }

  /** Replaces the principal; {@link SessionCredentials} only. */
  void principal(StreamPrincipal next) {
    principal = next;
  }

  /**
   * {@inheritDoc}
   *
   * <p>New tenants reach fan-out through {@link
   * io.incidentstream.streaming.fanout.SubscriptionService#changeTenants}, after {@link
   * #tenantScope()} answers them, as that method requires.
   */
  @Override
  public void renew(StreamPrincipal next) {
    TenantScope old = tenants;
    services.credentials.renew(this, next);
    tenants = next.tenants();
    if (!old.equals(next.tenants())) {
      LOG.info("{} of {}: tenants now {}", this, next.subject(), next.tenants());
      services.subscriptions.changeTenants(this, next.tenants());
    }
  }

  @Override
  public TenantScope tenantScope() {
    return tenants;
  }

  @Override
  public void subscriptionsChanged(int count, int eventTypeMask) {
    subscriptionShape = (Math.min(count, 0x7FFF) << 16) | (eventTypeMask & 0xFFFF);
  }

  /** How many subscriptions it has (as of fan-out's last change). */
  int subscriptionCount() {
    return subscriptionShape >>> 16;
  }

  /** Whether one of its subscriptions admits the event type with this ordinal. */
  boolean admitsEventType(int ordinal) {
    return (subscriptionShape & (1 << ordinal)) != 0;
  }

  /** Complete messages received (racy read from other threads; wraps after 2^32). */
  long messagesIn() {
    return Integer.toUnsignedLong(messagesIn);
  }

  /** Frames written (racy read; wraps after 2^32). */
  long messagesOut() {
    return Integer.toUnsignedLong(messagesOut);
  }

  /** Event frames written (racy read; wraps after 2^32). */
  long eventsDelivered() {
    return Integer.toUnsignedLong(eventsDelivered);
  }

  /** The seq of the last event written, 0 before the first (racy read). */
  long lastSeqDelivered() {
    return lastSeqDelivered;
  }

  /** {@link System#nanoTime()} of the last event written, 0 before the first (racy read). */
  long lastEventNanos() {
    return lastEventNanos;
  }

  /** The writer's count of one drain (event loop only). */
  void countWritten(int frames, int events, long lastSeq) {
    messagesOut += frames;
    if (events > 0) {
      eventsDelivered += events;
      lastSeqDelivered = lastSeq;
      lastEventNanos = System.nanoTime();
    }
  }

  /** Closing has started but the connection is still there. */
  boolean isDisconnecting() {
    return state != OPEN && channel.isActive();
  }

  @Override
  public Executor executor() {
    return deliveries;
  }

  @Override
  public void deliver(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
    if (state != OPEN) {
      services.metrics.eventsDroppedClosed(1);
      return;
    }
    Outbound item = services.frames.event(envelope, frame, suffix);
    if (services.slowConsumers.afterOffer(this, queue.offer(item), envelope.priority())) {
      scheduleWrite();
    }
  }

  @Override
  public Room deliverIfRoom(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
    return services.catchUp.offer(this, envelope, frame, suffix);
  }

  @Override
  public void whenDrained(Runnable task) {
    services.catchUp.whenDrained(this, task);
  }

  @Override
  public void catchUpFellBehind() {
    services.slowConsumers.fellBehind(this);
  }

  @Override
  public void streamRestarted() {
    LOG.warn("{}: the stream restarted (its history was lost): closing", this);
    close(CloseCode.STREAM_RESET, CloseCode.STREAM_RESET.reason());
  }

  @Override
  public void send(ServerMessage message) {
    enqueueControl(services.frames.control(message));
  }

  @Override
  public void sendText(String text) {
    enqueueControl(services.frames.text(text));
  }

  @Override
  public void sendBinary(byte[] payload) {
    enqueueControl(services.frames.binary(payload));
  }

  private void enqueueControl(Outbound item) {
    if (services.slowConsumers.afterOffer(this, queue.offer(item), null)) {
      scheduleWrite();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A shutdown close (1001) waits for the events already handed to fan-out, so they go out
   * before {@code closing}; every other close discards what is queued and goes at once.
   */
  @Override
  public void close(CloseCode code, String reason) {
    services.handshake.close(this, code, reason);
  }

  @Override
  public void ping() {
    services.writer.ping(this);
  }

  /** Its heartbeat round's visit: the token's end may be near enough to schedule its check. */
  @Override
  public void heartbeatVisit() {
    services.credentials.visit(this);
  }

  /** Any client frame, pongs included. Event loop only. */
  void touch(boolean pong) {
    services.inbound.touch(this, pong);
  }

  /** A complete text message from the client. Event loop only. */
  void onText(String text) {
    services.inbound.onText(this, text);
  }

  /** A complete binary message from the client. Event loop only. */
  void onBinary(byte[] payload) {
    services.inbound.onBinary(this, payload);
  }

  /** A message over {@code max-message-size}. Event loop only. */
  void onTooLarge() {
    services.inbound.onTooLarge(this);
  }

  /**
   * Fails the connection with {@code code} (RFC 6455 section 7.1.7): {@code closing} and the close
   * frame, then TCP at once. Event loop only.
   */
  void fail(CloseCode code) {
    services.handshake.fail(this, code, code.reason());
  }

  /** The frame decoder discards what the client sends from now on: no close frame will come. */
  void stopReading() {
    closeFrameReceived = true;
  }

  /** The client's close frame. Event loop only. */
  void onCloseFrame(int statusCode, String reasonText) {
    services.handshake.onCloseFrame(this, statusCode, reasonText);
  }

  /** The channel became writable again. Event loop only. */
  void onWritable() {
    services.writer.drain(this);
  }

  /** Drops the TCP connection now (bypassing the shutdown interception). */
  void closeChannel() {
    CloseHandshake.closeChannel(this);
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
    services.catchUp.cancel(this);
    services.subscriptions.removeAll(this);
  }

  /** Announces the close and leaves the registry, once the channel's pipeline is gone. */
  void unregister() {
    services.registration.unregister(this, closeCode, closeReason);
  }

  /** Open to closing; false when the session was no longer open. */
  boolean beginClosing() {
    return STATE.compareAndSet(this, OPEN, CLOSING);
  }

  void scheduleWrite() {
    services.writer.schedule(this);
  }

  /** The drain task (see {@link SessionWriter#schedule}). Event loop only. */
  @Override
  public void run() {
    services.writer.drain(this);
  }

  /** Claims the one pending drain task; false when one is already scheduled. */
  boolean claimDrain() {
    return DRAIN_SCHEDULED.compareAndSet(this, 0, 1);
  }

  /** A drain started: offers from now on schedule the next one. */
  void drainStarted() {
    drainScheduled = 0;
  }

  /** Records the code and reason of the close (ours or the client's). */
  void closedWith(@Nullable Integer code, @Nullable String reason) {
    closeCode = code;
    closeReason = reason;
  }

  void awaitDrained(Runnable task) {
    drainedTask = task;
  }

  boolean awaitsDrain() {
    return drainedTask != null;
  }

  @Nullable Runnable takeDrainedTask() {
    return DRAINED_TASK.getAndSet(this, null);
  }

  void markRegistered() {
    registration = REGISTERED;
  }

  /** Registered to unregistered, once; false when it was not registered or already left. */
  boolean markUnregistered() {
    return REGISTRATION.compareAndSet(this, REGISTERED, UNREGISTERED);
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  Channel channel() {
    return channel;
  }

  OutboundQueue queue() {
    return queue;
  }

  @Nullable ChannelHandlerContext context() {
    return ctx;
  }

  EventLoop eventLoop() {
    return channel.eventLoop();
  }

  CloseHandshake handshake() {
    return services.handshake;
  }

  CatchUpFlow catchUp() {
    return services.catchUp;
  }

  @Override
  public String toString() {
    return "session " + id + " from " + clientAddress;
  }
}
