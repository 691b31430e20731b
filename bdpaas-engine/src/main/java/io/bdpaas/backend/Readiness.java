package io.bdpaas.backend;

import java.util.Map;

/**
 * How to tell that a node group is ready: an HTTP GET that answers 2xx and, optionally, whose JSON
 * has {@code equals} at {@code jsonPointer}, or a number of at least {@code atLeast} there.
 *
 * @param headers sent with the GET, e.g. the credential the engine's endpoint requires (none when
 *     null)
 * @param clientKeyStore for an {@code https} endpoint that wants mutual TLS: the PKCS12 key store
 *     (base64) whose certificate the client presents and alone trusts; none when null
 * @param clientKeyStorePassword its password
 * @param timeoutSeconds how long the group may take to become ready before the cluster fails
 */
public record Readiness(
    String http,
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

  /** The readiness timeout when a template gives none. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  public int timeoutOrDefault() {
    return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }
}
