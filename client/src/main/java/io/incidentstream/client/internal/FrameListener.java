package io.incidentstream.client.internal;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The JDK WebSocket's callbacks for one connection, turned into whole text frames, and its sends
 * serialised (the JDK allows one outstanding send). The JDK answers pings with pongs by itself.
 * Reads one frame at a time: the next is requested with {@link #requestNext} once the previous has
 * been handled. Callbacks arrive on the HTTP client's threads, one at a time.
 */
abstract class FrameListener implements WebSocket.Listener {

  final URI uri;
  private final StringBuilder partial = new StringBuilder();
  private volatile @Nullable WebSocket socket;
  private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

  FrameListener(URI uri) {
    this.uri = uri;
  }

  /** A whole text frame. */
  abstract void onText(String text);

  /** A ping or a pong: the connection is alive. */
  abstract void onControl();

  abstract void onBinary();

  abstract void onClosed(int code, String reason);

  abstract void onFailed(Throwable error);

  /** How long a close waits for its frame to go out before the socket is torn down. */
  abstract long closeWaitMillis();

  @Override
  public final void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(1);
  }

  @Override
  public final @Nullable CompletionStage<?> onText(
      WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (!last) {
      webSocket.request(1);
      return null;
    }
    String text = partial.toString();
    partial.setLength(0);
    onText(text);
    return null;
  }

  @Override
  public final @Nullable CompletionStage<?> onBinary(
      WebSocket webSocket, ByteBuffer data, boolean last) {
    if (last) {
      onBinary();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public final @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    onControl();
    webSocket.request(1);
    return null;
  }

  @Override
  public final @Nullable CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    onControl();
    webSocket.request(1);
    return null;
  }

  @Override
  public final @Nullable CompletionStage<?> onClose(
      WebSocket webSocket, int statusCode, String reason) {
    onClosed(statusCode, reason);
    return null;
  }

  @Override
  public final void onError(WebSocket webSocket, Throwable error) {
    onFailed(error);
  }

  /** Asks for the next frame. */
  final void requestNext() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.request(1);
    }
  }

  /** Sends a text frame after those already sent; a failure shows as a close or error. */
  final synchronized void send(String text) {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    sends = sends.handle((r, e) -> null).thenCompose(ignored -> ws.sendText(text, true));
  }

  /** Sends a close frame after the pending sends, then tears the socket down. */
  final synchronized void close(int code, String reason) {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    sends
        .handle((r, e) -> null)
        .thenCompose(ignored -> ws.sendClose(code, reason))
        .orTimeout(closeWaitMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> ws.abort());
  }

  /** Tears the socket down at once (a dead connection). */
  final void abort() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }
}
