package io.incidentstream.domain.filter;

import java.util.List;

/** Enum-ordinal bitmasks: every enum a filter tests has at most 32 constants (event types: 14). */
final class Bits {

  private Bits() {}

  static int bit(Enum<?> value) {
    return 1 << value.ordinal();
  }

  static <E extends Enum<E>> int mask(List<E> values) {
    int mask = 0;
    for (E value : values) {
      mask |= bit(value);
    }
    return mask;
  }
}
