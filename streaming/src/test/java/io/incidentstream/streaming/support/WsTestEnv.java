package io.incidentstream.streaming.support;

/**
 * The environment of the /ws integration tests: the production beans (bus, sequencer, history,
 * fan-out), made small by {@code application-ws-test.yml} (a history of {@value #HISTORY_SIZE}
 * events, kept by count only), plus the {@link TestPublisher} that drives them.
 */
public final class WsTestEnv {

  public static final String NAME = "ws-test";

  /** {@code stream.history-size} in this environment. */
  public static final int HISTORY_SIZE = 50;

  private WsTestEnv() {}
}
