package io.treenetra.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static final ClientAddress BEHIND_TWO_PROXIES =
      new ClientAddress(List.of("10.0.0.0/8", "fd00::/8", "192.168.1.7"), "X-Forwarded-For");

  @Test
  void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
    ClientAddress none = new ClientAddress(List.of(), "X-Forwarded-For");
    assertThat(none.resolve("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
  }

  @Test
  void aHeaderFromAnUntrustedPeerIsIgnored() {
    assertThat(BEHIND_TWO_PROXIES.resolve("198.51.100.4", List.of("203.0.113.9")))
        .isEqualTo("198.51.100.4");
    assertThat(BEHIND_TWO_PROXIES.resolve("192.168.1.8", List.of("203.0.113.9")))
        .isEqualTo("192.168.1.8");
  }

  @Test
  void theClientIsTheNearestAddressThatIsNotATrustedProxy() {
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of("203.0.113.9")))
        .isEqualTo("203.0.113.9");
    // The client wrote its own first entry; the proxies appended theirs: the forged one is left.
    assertThat(
            BEHIND_TWO_PROXIES.resolve(
                "10.0.0.2", List.of("1.2.3.4", " 203.0.113.9", " 192.168.1.7", " 10.9.8.7")))
        .isEqualTo("203.0.113.9");
    assertThat(BEHIND_TWO_PROXIES.resolve("fd12::1", List.of("2001:db8::5", "10.0.0.3")))
        .isEqualTo("2001:db8:0:0:0:0:0:5");
  }

  @Test
  void noHeaderOrOnlyTrustedHopsGiveTheFarthestKnownHop() {
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of("10.0.0.5", "10.0.0.4")))
        .isEqualTo("10.0.0.5");
  }

  @Test
  void anEntryThatIsNotAnAddressCountsAsTheProxyThatWroteIt() {
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of("203.0.113.9", "unknown")))
        .isEqualTo("10.0.0.2");
    assertThat(
            BEHIND_TWO_PROXIES.resolve(
                "10.0.0.2", List.of("203.0.113.9", "evil.example.org", "10.0.0.3")))
        .isEqualTo("10.0.0.3");
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of("300.1.1.1"))).isEqualTo("10.0.0.2");
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of(""))).isEqualTo("10.0.0.2");
  }

  @Test
  void portsQuotesAndBracketsAreTakenOff() {
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of("203.0.113.9:4711")))
        .isEqualTo("203.0.113.9");
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of("\"[2001:db8:cafe::17]:4711\"")))
        .isEqualTo("2001:db8:cafe:0:0:0:0:17");
    assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.2", List.of("[2001:db8::1]")))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void theForwardedHeaderGivesItsForValuesInOrder() {
    assertThat(
            ClientAddress.forwardedFor(
                "for=192.0.2.43, For=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.1"))
        .containsExactly("192.0.2.43", "\"[2001:db8:cafe::17]:4711\"");
    assertThat(ClientAddress.forwardedFor("proto=http;by=203.0.113.43")).isEmpty();
    assertThat(ClientAddress.forwardedFor("for=unknown")).containsExactly("unknown");
  }

  @Test
  void rangesMatchBitByBit() {
    ClientAddress odd = new ClientAddress(List.of("172.16.0.0/12", "2001:db8::/33"), "Forwarded");
    assertThat(odd.resolve("172.31.255.255", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
    assertThat(odd.resolve("172.32.0.0", List.of("203.0.113.1"))).isEqualTo("172.32.0.0");
    assertThat(odd.resolve("2001:db8:7fff::1", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
    assertThat(odd.resolve("2001:db8:8000::1", List.of("203.0.113.1")))
        .isEqualTo("2001:db8:8000::1");
    // An IPv4 range never holds an IPv6 address, nor the other way round.
    assertThat(odd.resolve("::1", List.of("203.0.113.1"))).isEqualTo("::1");
    ClientAddress all = new ClientAddress(List.of("0.0.0.0/0"), "X-Forwarded-For");
    assertThat(all.resolve("8.8.8.8", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
  }

  @Test
  void aWrongRangeOrHeaderIsRefusedNamingIt() {
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"), "X-Forwarded-For"))
        .hasMessage(
            "treenetra.trusted-proxies: '10.0.0.0/33' is not a CIDR range (the prefix length must be 0 to 32), e.g. 10.0.0.0/8 or fd00::/8");
    assertThatThrownBy(() -> new ClientAddress(List.of("lb.example.org"), "X-Forwarded-For"))
        .hasMessage(
            "treenetra.trusted-proxies: 'lb.example.org' is not a CIDR range (not an IP address), e.g. 10.0.0.0/8 or fd00::/8");
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/x"), "X-Forwarded-For"))
        .hasMessage(
            "treenetra.trusted-proxies: '10.0.0.0/x' is not a CIDR range (the prefix length is not a number), e.g. 10.0.0.0/8 or fd00::/8");
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/8"), "X-Real-IP"))
        .hasMessage(
            "treenetra.trusted-proxy-header must be X-Forwarded-For or Forwarded, not 'X-Real-IP'");
  }
}
