package io.bdpaas.engine;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Where the control plane connects to reach an address an engine's nodes publish (the host and port
 * they know each other by, as in a cluster's endpoints). The same address where the control plane
 * shares the nodes' network; a local end of a tunnel where it does not, such as a Kubernetes
 * port-forward for a control plane outside the cluster. Thread-safe.
 */
@FunctionalInterface
public interface EngineAddresses {
  /** Every address is reached as it is. */
  EngineAddresses DIRECT = InetSocketAddress::createUnresolved;

  /**
   * The address to connect to for {@code host:port}; that address itself when it is reached
   * directly.
   *
   * @throws EngineClientException when the address should be reachable but the way to it cannot be
   *     opened now (worth trying again)
   */
  InetSocketAddress reach(String host, int port);

  /**
   * The URI to send a request for {@code uri} to: its host and port replaced by where {@link
   * #reach} says, everything else kept as it is (so an engine sees the same path and query).
   */
  default URI reach(URI uri) {
    if (uri.getHost() == null) {
      return uri;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
    if (port == -1) {
      return uri;
    }
    InetSocketAddress to = reach(uri.getHost(), port);
    if (to.getHostString().equals(uri.getHost()) && to.getPort() == port) {
      return uri;
    }
    StringBuilder text = new StringBuilder(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      text.append(uri.getRawUserInfo()).append('@');
    }
    String host = to.getHostString();
    text.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(to.getPort());
    text.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      text.append('?').append(uri.getRawQuery());
    }
    if (uri.getRawFragment() != null) {
      text.append('#').append(uri.getRawFragment());
    }
    return URI.create(text.toString());
  }

  private static int defaultPort(String scheme) {
    return switch (scheme == null ? "" : scheme.toLowerCase(Locale.ROOT)) {
      case "http" -> 80;
      case "https" -> 443;
      default -> -1;
    };
  }
}
