package io.incidentstream.streaming.history;

import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The stream's epoch as this instance knows it: the name of the numbering its {@code seq}s belong
 * to, sent in {@code welcome} and {@code subscribed}. A client resuming with {@code since} sends it
 * back; a different one means its seqs name other events, so it gets {@code recovered:false} and a
 * replay from the oldest event held.
 *
 * <p>Embedded mode: a random epoch per start (the in-memory history starts empty). Clustered mode:
 * the bus adopts the epoch of the shared Redis stream, which changes only when Redis lost its
 * counter. Format {@code <random hex>:<base seq>}, the base being the seq the epoch's numbering
 * continues after. Thread-safe: the bus writes, anyone reads.
 */
@Singleton
public final class StreamEpoch {

  private volatile String current;

  public StreamEpoch() {
    this(random(0));
  }

  public StreamEpoch(String initial) {
    this.current = Objects.requireNonNull(initial, "initial");
  }

  /** A fresh epoch id whose numbering continues after {@code base}. */
  public static String random(long base) {
    return String.format("%016x:%d", ThreadLocalRandom.current().nextLong(), base);
  }

  public String current() {
    return current;
  }

  /** The bus saw the stream under {@code epoch}: from now on, that is the stream's epoch. */
  public void adopt(String epoch) {
    current = Objects.requireNonNull(epoch, "epoch");
  }

  /** True when {@code epoch} names the current numbering. */
  public boolean isCurrent(String epoch) {
    return current.equals(epoch);
  }
}
