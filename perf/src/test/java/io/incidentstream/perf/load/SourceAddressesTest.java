package io.incidentstream.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

  @Test
  void shouldFillEachAddressUpToItsShareBeforeMovingOn() throws Exception {
    SourceAddresses addresses = new SourceAddresses(address("127.0.0.2"), 1000, 10_000);

    assertThat(addresses.forConnection(0).getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(addresses.forConnection(999).getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(addresses.forConnection(1000).getHostAddress()).isEqualTo("127.0.0.3");
    assertThat(addresses.forConnection(9999).getHostAddress()).isEqualTo("127.0.0.11");
  }

  @Test
  void shouldGiveNoAddressMoreThanItsShare() throws Exception {
    SourceAddresses addresses = new SourceAddresses(address("127.0.0.2"), 700, 19_000);
    Map<String, Integer> perAddress = new HashMap<>();
    for (int i = 0; i < 19_000; i++) {
      perAddress.merge(addresses.forConnection(i).getHostAddress(), 1, Integer::sum);
    }

    assertThat(perAddress).hasSize(SourceAddresses.addressesFor(19_000, 700)).hasSize(28);
    assertThat(perAddress.values()).allMatch(count -> count <= 700);
  }

  @Test
  void shouldCarryIntoTheNextOctet() throws Exception {
    SourceAddresses addresses = new SourceAddresses(address("127.0.0.254"), 10, 100);

    assertThat(addresses.forConnection(19).getHostAddress()).isEqualTo("127.0.0.255");
    assertThat(addresses.forConnection(20).getHostAddress()).isEqualTo("127.0.1.0");
  }

  @Test
  void shouldRefuseASpreadPastTheLoopbackRange() throws Exception {
    assertThatThrownBy(() -> new SourceAddresses(address("127.255.255.254"), 10, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11 connections at 10 per address starting at 127.255.255.254");
    assertThat(new SourceAddresses(address("127.255.255.254"), 10, 10).forConnection(9))
        .isEqualTo(address("127.255.255.254"));
  }

  private static Inet4Address address(String text) throws Exception {
    return (Inet4Address) InetAddress.getByName(text);
  }
}
