package io.incidentstream.domain.filter;

/** Turns normalised filters into a fast {@link EventMatcher}. */
public final class FilterCompiler {

  private FilterCompiler() {}

  public static EventMatcher compile(SubscriptionFilters filters) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
