package io.bdpaas.backend;

import io.bdpaas.engine.ClusterTls;
import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.ProbeResult;
import io.bdpaas.engine.ReadinessProbe;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a node group's {@link Readiness} check from the control plane, the same way on every
 * backend: an HTTP GET (with the cluster's client certificate where the endpoint wants mutual TLS)
 * or a TCP connection. Thread-safe.
 */
public final class ReadinessChecks {
  private static final int MAX_TLS_CLIENTS = 64;

  private final EngineAddresses addresses;
  private final EngineHttp http;

  /**
   * Clients holding a cluster's TLS identity, by key store, the most recently used kept: each has
   * its own connection pool and selector thread, which end once it is dropped, so clusters that are
   * gone do not keep theirs for the life of the control plane.
   */
  private final Map<String, EngineHttp> tlsClients =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EngineHttp> eldest) {
          return size() > MAX_TLS_CLIENTS;
        }
      };

  /** Checks that reach every address directly. */
  public ReadinessChecks() {
    this(EngineAddresses.DIRECT);
  }

  /** Checks that reach the addresses they are given where {@code addresses} says. */
  public ReadinessChecks(EngineAddresses addresses) {
    this.addresses = addresses;
    this.http = EngineHttp.create().reaching(addresses);
  }

  /** Runs the check once (ready when there is none); never blocks long. */
  public ProbeResult probe(Optional<Readiness> readiness) {
    if (readiness.isEmpty()) {
      return ProbeResult.ready("no readiness check");
    }
    Readiness check = readiness.get();
    if (check.tcp() != null) {
      return Readiness.Address.parse(check.tcp())
          .map(this::probeTcp)
          .orElseGet(() -> ProbeResult.notReady("not host:port: " + check.tcp()));
    }
    URI uri = URI.create(check.http());
    EngineHttp client = clientFor(check).withHeaders(check.headers());
    ReadinessProbe probe;
    if (check.jsonPointer() == null) {
      probe = ReadinessProbe.httpOk(client, uri);
    } else if (check.atLeast() != null) {
      int minimum = check.atLeast();
      String pointer = check.jsonPointer();
      probe =
          ReadinessProbe.httpJson(
              client,
              uri,
              pointer + " >= " + minimum,
              json -> json.at(pointer).isNumber() && json.at(pointer).asDouble() >= minimum);
    } else {
      probe =
          ReadinessProbe.httpJsonEquals(
              client, uri, check.jsonPointer(), check.equals() == null ? "" : check.equals());
    }
    return probe.check();
  }

  private ProbeResult probeTcp(Readiness.Address address) {
    InetSocketAddress target;
    try {
      target = addresses.reach(address.host(), address.port());
    } catch (EngineClientException e) {
      return ProbeResult.notReady(e.getMessage());
    }
    return ReadinessProbe.tcp(target.getHostString(), target.getPort()).check();
  }

  /** The shared client, or for an endpoint that wants mutual TLS one holding its key store. */
  private EngineHttp clientFor(Readiness check) {
    if (check.clientKeyStore() == null) {
      return http;
    }
    synchronized (tlsClients) {
      return tlsClients.computeIfAbsent(
          check.clientKeyStore(),
          keyStore ->
              EngineHttp.create(
                      ClusterTls.clientContext(
                          Base64.getDecoder().decode(keyStore),
                          Optional.ofNullable(check.clientKeyStorePassword())
                              .orElse("")
                              .toCharArray()))
                  .reaching(addresses));
    }
  }
}
