package io.incidentstream.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time between 0 and
 * {@code min(max, min * factor^n)}, so a fleet of clients that lost the same server spreads its
 * reconnects instead of arriving together. Thread-safe if the random generator is.
 */
public final class Backoff {

  private final long minMillis;
  private final long maxMillis;
  private final double factor;
  private final RandomGenerator random;

  /**
   * @param min the first retry's ceiling, and the ceiling of a prompt reconnect
   * @param max the ceiling of every retry
   * @param factor how much the ceiling grows per failed attempt (at least 1)
   */
  public Backoff(Duration min, Duration max, double factor, RandomGenerator random) {
    this.minMillis = positive(min, "min");
    this.maxMillis = positive(max, "max");
    if (maxMillis < minMillis) {
      throw new IllegalArgumentException("max (" + max + ") must not be below min (" + min + ")");
    }
    if (!(factor >= 1) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be a finite number >= 1, was " + factor);
    }
    this.factor = factor;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The ceiling of retry {@code attempt} (0 for the first): {@code min(max, min*factor^n)}. */
  public long ceilingMillis(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
    }
    double ceiling = minMillis * Math.pow(factor, attempt);
    return ceiling >= maxMillis ? maxMillis : (long) ceiling;
  }

  /** How long to wait before retry {@code attempt}: uniform in [0, ceiling]. */
  public long delayMillis(int attempt) {
    return random.nextLong(ceilingMillis(attempt) + 1);
  }

  /** A prompt reconnect (the server asked for one): uniform in [0, min]. */
  public long promptMillis() {
    return random.nextLong(minMillis + 1);
  }

  private static long positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value.toMillis();
  }
}
