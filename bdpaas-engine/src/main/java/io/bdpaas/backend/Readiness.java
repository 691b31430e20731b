package io.bdpaas.backend;

import java.util.Map;
import java.util.Optional;

/**
 * How to tell that a node group is ready: an HTTP GET that answers 2xx and, optionally, whose JSON
 * has {@code equals} at {@code jsonPointer}, or a number of at least {@code atLeast} there; or, for
 * an endpoint that speaks no HTTP (a gRPC server), a TCP port that accepts connections.
 *
 * @param http the URL to GET; exactly one of it and {@code tcp}
 * @param tcp {@code host:port} that must accept a connection
 * @param headers sent with the GET, e.g. the credential the engine's endpoint requires (none when
 *     null)
 * @param clientKeyStore for an {@code https} endpoint that wants mutual TLS: the PKCS12 key store
 *     (base64) whose certificate the client presents and alone trusts; none when null
 * @param clientKeyStorePassword its password
 * @param timeoutSeconds how long the group may take to become ready before the cluster fails
 */
public record Readiness(
    String http,
    String tcp,
    Map<String, String> headers,
    String clientKeyStore,
    String clientKeyStorePassword,
    String jsonPointer,
    String equals,
    Integer atLeast,
    Integer timeoutSeconds) {
  public Readiness {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A {@code host:port} to connect to. */
  public record Address(String host, int port) {
    /** The address in {@code text}, or empty when it is not {@code host:port} with a valid port. */
    public static Optional<Address> parse(String text) {
      int colon = text == null ? -1 : text.lastIndexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      try {
        int port = Integer.parseInt(text.substring(colon + 1));
        return port < 1 || port > 65535
            ? Optional.empty()
            : Optional.of(new Address(text.substring(0, colon), port));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** The readiness timeout when a template gives none. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  public int timeoutOrDefault() {
    return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }
}
