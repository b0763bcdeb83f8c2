package io.incidentstream.streaming.admin.internal;

import org.jspecify.annotations.Nullable;

/**
 * The latency histogram over a window: cumulative counts at each bucket bound (milliseconds), the
 * last slot the total count. Percentiles interpolate linearly within the bucket the rank falls in,
 * as Prometheus's {@code histogram_quantile} does; a rank past the last bound answers that bound.
 * Immutable by convention (the arrays are not copied).
 */
record LatencyWindow(double[] boundsMillis, long[] cumulative) {

  /** The latency at quantile {@code q} (0..1), or null when the window holds no event. */
  static @Nullable Double percentile(double[] bounds, long[] cumulative, double q) {
    if (cumulative.length != bounds.length + 1 || bounds.length == 0) {
      return null;
    }
    long total = cumulative[bounds.length];
    if (total <= 0) {
      return null;
    }
    double rank = q * total;
    double lower = 0;
    long below = 0;
    for (int i = 0; i < bounds.length; i++) {
      long atBound = cumulative[i];
      if (atBound >= rank) {
        long inBucket = atBound - below;
        double share = inBucket == 0 ? 1 : (rank - below) / inBucket;
        return lower + (bounds[i] - lower) * share;
      }
      lower = bounds[i];
      below = atBound;
    }
    return bounds[bounds.length - 1];
  }

  /** This window plus {@code other} (same bounds), for a cluster-wide percentile. */
  LatencyWindow plus(LatencyWindow other) {
    if (cumulative.length == 0) {
      return other;
    }
    if (other.cumulative.length != cumulative.length) {
      return this;
    }
    long[] sum = new long[cumulative.length];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = cumulative[i] + other.cumulative[i];
    }
    return new LatencyWindow(boundsMillis, sum);
  }

  @Nullable Double percentile(double q) {
    return percentile(boundsMillis, cumulative, q);
  }
}
