package io.incidentstream.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free loopback ports, for servers a test starts itself (and may restart on the same port). */
public final class FreePort {

  private FreePort() {}

  /** A port nothing listens on now. */
  public static int next() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
