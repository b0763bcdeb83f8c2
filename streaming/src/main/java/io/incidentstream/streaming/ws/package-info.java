/**
 * The {@code /ws} endpoint and its sessions (DESIGN sections 3 and 5).
 *
 * <p>How it hooks into Micronaut and Netty: {@link io.incidentstream.streaming.ws.StreamEndpoint}'s
 * {@code @OnOpen} hands the upgraded connection to {@link
 * io.incidentstream.streaming.ws.SessionStarter}, which puts its own frame handler in the channel
 * pipeline in front of Micronaut's WebSocket handler, then takes Micronaut's handler out (it would
 * keep the upgrade request and its headers alive, about 3 KB per connection). From then on every
 * frame (text, continuation, binary, ping, pong, close) is ours: we answer every client close frame
 * with a close frame, reassemble fragments under {@code max-message-size} (Netty's frame decoder is
 * replaced by one that reports an oversized frame instead of closing), drop Netty's idle-state
 * timers (housekeeping is one shared timer), and turn the server's own shutdown {@code
 * channel.close()} into {@code closing} + 1001. What the connection says on top of that transport
 * (welcome, the answers, {@code closing}) is its {@link
 * io.incidentstream.streaming.ws.SessionProtocol}: the stream protocol, {@link
 * io.incidentstream.streaming.ws.ProtocolHandler}.
 *
 * <p>Outbound: each session has a bounded queue (count and bytes) drained on its event loop, many
 * writes then one flush, paused while the channel is unwritable; under pressure it sheds Low, then
 * Normal, then High; a Critical event or control message that cannot fit closes the connection with
 * 4008. Every server-initiated close sends {@code closing} first.
 */
@NullMarked
package io.incidentstream.streaming.ws;

import org.jspecify.annotations.NullMarked;
