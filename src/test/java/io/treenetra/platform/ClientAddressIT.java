package io.treenetra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.RateWindows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The per-address limits count clients, not the load balancer in front: the test server trusts
 * 127.0.0.1 as a proxy (treenetra.trusted-proxies in arquillian.xml), so what 127.0.0.1 says in
 * X-Forwarded-For is the client; a request from 127.0.0.2, a peer that is not trusted, counts as
 * 127.0.0.2 whatever its header says.
 */
class ClientAddressIT extends ApiIT {

  private static final Pattern REMAINING =
      Pattern.compile("(?im)^X-RateLimit-Remaining:\\s*(\\d+)\\s*$");

  @Test
  void behindATrustedProxyEachClientHasItsOwnBudgetAndAForgedHeaderCountsForNothing()
      throws Exception {
    String a = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
    String b = "2001:db8::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 65535));
    // Through 127.0.0.1, the trusted proxy (the base URL names the machine's own address).
    Api anonymous = new Api(URI.create("http://127.0.0.1:" + baseUrl.getPort())).anonymous();
    RateWindows.awaitFreshWindow();

    assertThat(remaining(anonymous.get("/api/v1", "X-Forwarded-For", "198.51.100.1, " + a)))
        .isEqualTo(999);
    assertThat(remaining(anonymous.get("/api/v1", "X-Forwarded-For", a))).isEqualTo(998);
    // Another client behind the same proxy: a budget of its own.
    assertThat(remaining(anonymous.get("/api/v1", "X-Forwarded-For", b))).isEqualTo(999);

    // From a peer that is not a trusted proxy, the header is ignored: the request counts as the
    // peer's (a fresh budget), and a's is untouched.
    String forged = fromUntrustedPeer("/api/v1", a);
    assertThat(forged).startsWith("HTTP/1.1 200");
    assertThat(remaining(forged)).isEqualTo(999);
    assertThat(remaining(fromUntrustedPeer("/api/v1", b))).isEqualTo(998);
    assertThat(remaining(anonymous.get("/api/v1", "X-Forwarded-For", a))).isEqualTo(997);
  }

  private static int remaining(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return Integer.parseInt(response.header("X-RateLimit-Remaining"));
  }

  private static int remaining(String rawResponse) {
    Matcher matcher = REMAINING.matcher(rawResponse);
    assertThat(matcher.find()).as(rawResponse).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  /** A plain HTTP/1.1 GET sent from 127.0.0.2, with a forwarding header of its own making. */
  private String fromUntrustedPeer(String path, String forwardedFor) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.2", 0));
      socket.connect(new InetSocketAddress("127.0.0.1", baseUrl.getPort()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: "
                  + forwardedFor
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
