package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.Recipient;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code /ws} connection over a Netty channel: its identity and lifecycle (open, closing,
 * closed), and the parts that do the work: the {@link OutboundQueue} and its {@link SessionWriter},
 * the {@link CloseHandshake}, the {@link InboundMessages}, the resume's {@link CatchUpFlow} and the
 * {@link SessionRegistration} (which also enrols it in its event loop's {@link Housekeeping}); what
 * happens to a slow reader is the shared {@link SlowConsumerPolicy}.
 *
 * <p>Thread-safe: producers (the dispatch thread, housekeeping, any caller of {@link #send}) only
 * touch the locked queue and volatile fields (updated through field updaters rather than atomic
 * objects: one per field per connection would add 16 bytes each); writing, closing and inbound
 * handling run on the channel's event loop.
 */
final class NettyStreamSession implements Housekept, Recipient {

  private static final Logger LOG = LoggerFactory.getLogger(NettyStreamSession.class);

  private static final int OPEN = 0;
  private static final int CLOSING = 1;
  private static final int CLOSED = 2;
  private static final AtomicIntegerFieldUpdater<NettyStreamSession> STATE =
      AtomicIntegerFieldUpdater.newUpdater(NettyStreamSession.class, "state");

  private final String id;
  private final Channel channel;
  private final Executor deliveries;
  private final String clientAddress;
  private final long openedAtMillis = System.currentTimeMillis();
  private final SessionCredentials credentials;
  private volatile TenantScope tenants;
  private final SessionServices services;
  private final OutboundQueue queue;
  private final SessionWriter writer;
  private final CloseHandshake handshake;
  private final InboundMessages inbound;
  private final CatchUpFlow catchUp;
  private final SessionRegistration registration;
  private volatile int state = OPEN;
  private volatile @Nullable ChannelHandlerContext ctx;
  private int housekeepingSlot = -1;
  private @Nullable String userAgent;

  /** Subscription count (high 16 bits) and the event types they admit (low 16), see below. */
  private volatile int subscriptionShape;

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
    this.credentials = new SessionCredentials(principal, channel.eventLoop(), this::tokenExpired);
    this.tenants = principal.tenants();
    this.services = services;
    this.queue = new OutboundQueue(services.queueLimits, services.queueDrops);
    this.writer = new SessionWriter(this, channel, queue, services.metrics);
    this.handshake = new CloseHandshake(this, channel, queue, services);
    this.inbound = new InboundMessages(this, services);
    this.catchUp = new CatchUpFlow(this, queue, services.frames);
    this.registration = new SessionRegistration(this, services);
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

  /** Queues {@code welcome}, then joins the registry or closes if the limits say no. */
  void start() {
    send(
        new ServerMessage.Welcome(
            id,
            Instant.now(),
            services.instance.id(),
            services.config.heartbeatInterval().toMillis(),
            services.epoch.current()));
    registration.register();
    credentials.start();
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
    return inbound.lastActivityNanos();
  }

  @Override
  public long lastClientFrameNanos() {
    return inbound.lastClientFrameNanos();
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
    return credentials.principal();
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
    credentials.renew(next);
    tenants = next.tenants();
    if (!old.equals(next.tenants())) {
      LOG.info("{} of {}: tenants now {}", this, next.subject(), next.tenants());
      services.subscriptions.changeTenants(this, next.tenants());
    }
  }

  private void tokenExpired() {
    close(CloseCode.TOKEN_EXPIRED, CloseCode.TOKEN_EXPIRED.reason());
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

  long messagesIn() {
    return inbound.messagesIn();
  }

  SessionWriter writer() {
    return writer;
  }

  OutboundQueue queue() {
    return queue;
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
      writer.schedule();
    }
  }

  @Override
  public Room deliverIfRoom(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
    return catchUp.offer(envelope, frame, suffix);
  }

  @Override
  public void whenDrained(Runnable task) {
    catchUp.whenDrained(task);
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
    if (services.slowConsumers.afterOffer(
        this, queue.offer(services.frames.control(message)), null)) {
      writer.schedule();
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
    handshake.close(code, reason);
  }

  @Override
  public void ping() {
    writer.ping();
  }

  /** Any client frame, pongs included. Event loop only. */
  void touch(boolean pong) {
    inbound.touch(pong);
  }

  /** A complete text message from the client. Event loop only. */
  void onText(String text) {
    inbound.onText(text);
  }

  /** A complete binary message from the client. Event loop only. */
  void onBinary() {
    inbound.onBinary();
  }

  /** A message over {@code max-message-size}. Event loop only. */
  void onTooLarge() {
    inbound.onTooLarge();
  }

  /** The client's close frame. Event loop only. */
  void onCloseFrame(int statusCode, String reasonText) {
    handshake.onCloseFrame(statusCode, reasonText);
  }

  /** The channel became writable again. Event loop only. */
  void onWritable() {
    writer.drain();
  }

  /** Drops the TCP connection now (bypassing the shutdown interception). */
  void closeChannel() {
    handshake.closeChannel();
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
    catchUp.cancel();
    services.subscriptions.removeAll(this);
  }

  /** Announces the close and leaves the registry, once the channel's pipeline is gone. */
  void unregister() {
    registration.unregister(handshake.closeCode(), handshake.closeReason());
  }

  /** Open to closing; false when the session was no longer open. */
  boolean beginClosing() {
    return STATE.compareAndSet(this, OPEN, CLOSING);
  }

  void scheduleWrite() {
    writer.schedule();
  }

  @Nullable ChannelHandlerContext context() {
    return ctx;
  }

  EventLoop eventLoop() {
    return channel.eventLoop();
  }

  CloseHandshake handshake() {
    return handshake;
  }

  CatchUpFlow catchUp() {
    return catchUp;
  }

  @Override
  public String toString() {
    return "session " + id + " from " + clientAddress;
  }
}
