package io.incidentstream.streaming.cluster.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Epoch ids, {@code <random hex>:<base seq>}, as the sequencing script makes them. Stateless. */
final class Epochs {

  private Epochs() {}

  /** A fresh random part for a new epoch (used by the script only if it starts one). */
  static String randomId() {
    return String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  /** The seq an epoch's numbering continues after; -1 when the id is not in our format. */
  static long base(String epoch) {
    int colon = epoch.lastIndexOf(':');
    if (colon < 0 || colon == epoch.length() - 1) {
      return -1;
    }
    try {
      return Long.parseLong(epoch.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
