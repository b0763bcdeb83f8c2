package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.streaming.fanout.Recipient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream restarted with lower seqs (its history was lost): positions and subscriptions describe
 * the old numbering, so every subscribed connection is closed (each resumes and learns it may have
 * missed events) and fan-out starts again after the new position. Not thread-safe: confined to the
 * dispatch thread.
 */
final class StreamRestart {

  private static final Logger LOG = LoggerFactory.getLogger(StreamRestart.class);

  private final SubscriptionBook subscriptions;
  private final StreamPosition position;
  private final ResumePacer pacer;

  StreamRestart(SubscriptionBook subscriptions, StreamPosition position, ResumePacer pacer) {
    this.subscriptions = subscriptions;
    this.position = position;
    this.pacer = pacer;
  }

  void restartAfter(long afterSeq) {
    var recipients = subscriptions.recipients();
    LOG.warn(
        "stream restarted after seq {} (was at {}): closing {} connections so they resume",
        afterSeq,
        position.live(),
        recipients.size());
    for (Recipient recipient : recipients) {
      try {
        recipient.streamRestarted();
      } catch (RuntimeException e) {
        LOG.error("closing {} after the stream restarted failed", recipient.id(), e);
      }
      subscriptions.removeAll(recipient);
    }
    pacer.forgetReplayedFrames();
    position.restartAfter(afterSeq);
  }
}
