package io.incidentstream.streaming.support;

/**
 * The environment of the /ws integration tests. Their stand-in beans ({@link TestEventHistory},
 * {@link TestPublisher}) exist only there, so other test suites of this module keep the real ones.
 */
public final class WsTestEnv {

  public static final String NAME = "ws-test";

  private WsTestEnv() {}
}
