package io.bdpaas.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EngineAddressesTest {
  /** Reaches {@code node.svc:<port>} at loopback, port + 1000; everything else directly. */
  private static final EngineAddresses TUNNEL =
      (host, port) ->
          host.equals("node.svc")
              ? InetSocketAddress.createUnresolved("127.0.0.1", port + 1000)
              : InetSocketAddress.createUnresolved(host, port);

  @Test
  void directKeepsEveryUriAsItIs() {
    URI uri = URI.create("http://node.svc:8080/api/v1/applications?status=running");
    assertThat(EngineAddresses.DIRECT.reach(uri)).isSameAs(uri);
  }

  @Test
  void aRoutedUriKeepsItsPathQueryAndFragmentByteForByte() {
    URI routed =
        TUNNEL.reach(URI.create("http://user@node.svc:8080/jobs/a%2Fb/?name=x%20y&z=1#frag"));

    assertThat(routed.toString())
        .isEqualTo("http://user@127.0.0.1:9080/jobs/a%2Fb/?name=x%20y&z=1#frag");
  }

  @Test
  void theSchemesDefaultPortIsRoutedWhenTheUriNamesNone() {
    assertThat(TUNNEL.reach(URI.create("http://node.svc/")).toString())
        .isEqualTo("http://127.0.0.1:1080/");
    assertThat(TUNNEL.reach(URI.create("https://node.svc")).toString())
        .isEqualTo("https://127.0.0.1:1443");
  }

  @Test
  void uriOfOtherHostsOrWithoutHostStayAsTheyAre() {
    URI other = URI.create("http://example.com:8080/x");
    URI relative = URI.create("/jobs/");
    URI unknownScheme = URI.create("sc://node.svc/");
    assertThat(TUNNEL.reach(other)).isSameAs(other);
    assertThat(TUNNEL.reach(relative)).isSameAs(relative);
    assertThat(TUNNEL.reach(unknownScheme)).isSameAs(unknownScheme);
  }
}
