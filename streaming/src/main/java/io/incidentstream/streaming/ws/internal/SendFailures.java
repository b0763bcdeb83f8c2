package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.metrics.StreamMetrics;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts frames whose socket write failed ({@code websocket_send_errors_total}). The writer gives
 * the last frame of each flushed batch a promise with this listener and the rest the void promise:
 * a failed socket write fails every frame still queued in the channel, the last one included, so
 * one listener per batch (not per frame) sees it. Immutable.
 */
final class SendFailures implements ChannelFutureListener {

  private final int frames;
  private final StreamMetrics metrics;

  private SendFailures(int frames, StreamMetrics metrics) {
    this.frames = frames;
    this.metrics = metrics;
  }

  /** A promise for the last of {@code frames} frames written in one batch. */
  static ChannelPromise promise(ChannelHandlerContext ctx, int frames, StreamMetrics metrics) {
    ChannelPromise promise = ctx.newPromise();
    promise.addListener(new SendFailures(frames, metrics));
    return promise;
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    if (!future.isSuccess() && !future.isCancelled()) {
      metrics.sendFailed(frames);
    }
  }
}
