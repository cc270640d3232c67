package io.treenetra.platform.web;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address of the client a request comes from, for the limits counted per address (sign-in
 * attempts, anonymous requests). Behind a load balancer every request's peer is the balancer, so
 * its forwarding header is read, but only when the peer is one of {@code treenetra.trusted-proxies}
 * (CIDRs): a header from any other peer is the client's own and may be forged, and is ignored. The
 * header's addresses are read from the right (the hop nearest this server) past every trusted
 * proxy; the first one that is not trusted is the client. An entry that is not an IP address
 * ({@code unknown}, an obfuscated name) stops the walk at the proxy that wrote it, and that proxy's
 * address counts.
 */
@ApplicationScoped
public class ClientAddress {

  /** The forwarding headers a proxy may be set to write. */
  public enum Header {
    X_FORWARDED_FOR("X-Forwarded-For"),
    FORWARDED("Forwarded");

    private final String name;

    Header(String name) {
      this.name = name;
    }

    static Header of(String value) {
      for (Header header : values()) {
        if (header.name.equalsIgnoreCase(value.trim())) {
          return header;
        }
      }
      throw new IllegalArgumentException(
          "treenetra.trusted-proxy-header must be X-Forwarded-For or Forwarded, not '"
              + value
              + "'");
    }
  }

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern FORWARDED_FOR =
      Pattern.compile("(?i)(?:^|[;,])\\s*for\\s*=\\s*(\"[^\"]*\"|[^;,\\s]*)");

  @Inject
  @ConfigProperty(name = "treenetra.trusted-proxies")
  Optional<String> trustedProxies;

  @Inject
  @ConfigProperty(name = "treenetra.trusted-proxy-header")
  String headerName;

  private List<Range> trusted = List.of();
  private Header header = Header.X_FORWARDED_FOR;

  ClientAddress() {}

  /** With these trusted ranges and header, outside CDI (tests). */
  ClientAddress(List<String> trustedProxies, String header) {
    this.trusted = ranges(trustedProxies);
    this.header = Header.of(header);
  }

  @PostConstruct
  void configure() {
    // Payara's MicroProfile Config injects no Optional<List>: the list is split here.
    trusted = ranges(List.of(trustedProxies.orElse("").split(",")));
    header = Header.of(headerName);
  }

  /**
   * Made when the application starts (observing its start makes the container create this bean), so
   * that a wrong range stops the deploy, naming it, rather than failing every request.
   */
  void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // configure() has run
  }

  /** The client's address: the peer's, or what a trusted proxy says of the client. */
  public String of(HttpServletRequest request) {
    List<String> forwarded = new ArrayList<>();
    for (String value : Collections.list(request.getHeaders(header.name))) {
      forwarded.addAll(
          header == Header.FORWARDED ? forwardedFor(value) : List.of(value.split(",")));
    }
    return resolve(request.getRemoteAddr(), forwarded);
  }

  /** The client behind {@code peer}, given the header's addresses, nearest hop last. */
  String resolve(String peer, List<String> forwarded) {
    InetAddress hop = literal(peer);
    if (hop == null || !trusted(hop)) {
      return peer;
    }
    String client = hop.getHostAddress();
    for (int i = forwarded.size() - 1; i >= 0; i--) {
      InetAddress address = literal(unwrap(forwarded.get(i)));
      if (address == null) {
        break;
      }
      client = address.getHostAddress();
      if (!trusted(address)) {
        break;
      }
    }
    return client;
  }

  private boolean trusted(InetAddress address) {
    for (Range range : trusted) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The {@code for=} values of one {@code Forwarded} header (RFC 7239), in order. */
  static List<String> forwardedFor(String value) {
    List<String> values = new ArrayList<>();
    Matcher matcher = FORWARDED_FOR.matcher(value);
    while (matcher.find()) {
      values.add(matcher.group(1));
    }
    return values;
  }

  /** An address as a header writes it: quoted, IPv6 in brackets, with or without a port. */
  private static String unwrap(String entry) {
    String value = entry.trim();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1).trim();
    }
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end < 0 ? "" : value.substring(1, end);
    }
    int colon = value.indexOf(':');
    if (colon >= 0
        && colon == value.lastIndexOf(':')
        && IPV4.matcher(value.substring(0, colon)).matches()) {
      return value.substring(0, colon); // IPv4 with a port
    }
    return value;
  }

  /** The address an IP literal names, or null for anything else (never a name lookup). */
  static InetAddress literal(String value) {
    if (value == null) {
      return null;
    }
    String text = value.trim();
    boolean v4 = IPV4.matcher(text).matches();
    if (!v4 && !IPV6.matcher(text).matches()) {
      return null;
    }
    if (v4) {
      for (String part : text.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static List<Range> ranges(List<String> cidrs) {
    List<Range> ranges = new ArrayList<>();
    for (String cidr : cidrs) {
      if (!cidr.isBlank()) {
        ranges.add(Range.of(cidr.trim()));
      }
    }
    return List.copyOf(ranges);
  }

  /** An address range in CIDR notation; a bare address is a range of one. */
  record Range(byte[] network, int prefix) {

    static Range of(String cidr) {
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr : cidr.substring(0, slash);
      InetAddress network = literal(address);
      if (network == null) {
        throw invalid(cidr, "not an IP address");
      }
      int bits = network.getAddress().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw invalid(cidr, "the prefix length is not a number");
        }
        if (prefix < 0 || prefix > bits) {
          throw invalid(cidr, "the prefix length must be 0 to " + bits);
        }
      }
      return new Range(network.getAddress(), prefix);
    }

    private static IllegalArgumentException invalid(String cidr, String why) {
      return new IllegalArgumentException(
          "treenetra.trusted-proxies: '"
              + cidr
              + "' is not a CIDR range ("
              + why
              + "), e.g. 10.0.0.0/8 or fd00::/8");
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (bytes[full] & mask) == (network[full] & mask);
    }
  }
}
