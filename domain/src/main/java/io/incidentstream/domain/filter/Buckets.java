package io.incidentstream.domain.filter;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Copy-on-write operations on bucket arrays: every change returns a new array, so a reader holding
 * the old one keeps a consistent snapshot. Null stands for an empty bucket.
 */
final class Buckets {

  private Buckets() {}

  /**
   * Puts {@code fresh} in place of {@code old} when the bucket holds it (one atomic array swap for
   * readers), else appends it.
   */
  static <K> IndexedSubscription<K>[] upsert(
      IndexedSubscription<K> @Nullable [] bucket,
      @Nullable IndexedSubscription<K> old,
      IndexedSubscription<K> fresh) {
    if (bucket == null) {
      return single(fresh);
    }
    int at = indexOf(bucket, old);
    IndexedSubscription<K>[] copy =
        Arrays.copyOf(bucket, at < 0 ? bucket.length + 1 : bucket.length);
    copy[at < 0 ? bucket.length : at] = fresh;
    return copy;
  }

  /** The bucket without {@code old}: the same array when absent, null when nothing is left. */
  static <K> IndexedSubscription<K> @Nullable [] remove(
      IndexedSubscription<K> @Nullable [] bucket, IndexedSubscription<K> old) {
    if (bucket == null) {
      return null;
    }
    int at = indexOf(bucket, old);
    if (at < 0) {
      return bucket;
    }
    if (bucket.length == 1) {
      return null;
    }
    IndexedSubscription<K>[] copy = Arrays.copyOf(bucket, bucket.length - 1);
    System.arraycopy(bucket, at + 1, copy, at, bucket.length - at - 1);
    return copy;
  }

  private static <K> int indexOf(
      IndexedSubscription<K>[] bucket, @Nullable IndexedSubscription<K> wanted) {
    if (wanted == null) {
      return -1;
    }
    for (int i = 0; i < bucket.length; i++) {
      if (bucket[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  @SuppressWarnings("unchecked")
  private static <K> IndexedSubscription<K>[] single(IndexedSubscription<K> entry) {
    return new IndexedSubscription[] {entry};
  }
}
