package io.incidentstream.perf.load;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Spreads connections over consecutive loopback source addresses: connection {@code i} binds to
 * {@code base + i / perAddress}. One source address gives at most ~28k ports (the ephemeral range)
 * and the server admits {@code stream.max-connections-per-address} per address, so many addresses
 * are what lets one machine hold tens of thousands of connections. Linux routes all of 127.0.0.0/8
 * to the loopback interface, so these addresses need no setup. Immutable.
 */
final class SourceAddresses {

  private static final int LOOPBACK_LAST = 0x7FFF_FFFE; // 127.255.255.254

  private final int base;
  private final int perAddress;

  SourceAddresses(Inet4Address base, int perAddress, int connections) {
    check(base, perAddress, connections);
    this.base = toInt(base);
    this.perAddress = perAddress;
  }

  /** Rejects a spread that would leave 127.0.0.0/8; names the options to change. */
  static void check(Inet4Address base, int perAddress, int connections) {
    if (perAddress < 1) {
      throw new IllegalArgumentException("--per-address must be at least 1, got " + perAddress);
    }
    long last = toInt(base) + (long) addressesFor(connections, perAddress) - 1;
    if (last > LOOPBACK_LAST) {
      throw new IllegalArgumentException(
          connections
              + " connections at "
              + perAddress
              + " per address starting at "
              + base.getHostAddress()
              + " run past 127.255.255.254: lower --source-base or raise --per-address");
    }
  }

  /** How many addresses {@code connections} take. */
  static int addressesFor(int connections, int perAddress) {
    return (connections + perAddress - 1) / perAddress;
  }

  /** The source address of connection {@code index} (0-based). */
  Inet4Address forConnection(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    return fromInt(base + index / perAddress);
  }

  private static int toInt(Inet4Address address) {
    byte[] b = address.getAddress();
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  private static Inet4Address fromInt(int value) {
    byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an IPv4 address", e);
    }
  }
}
