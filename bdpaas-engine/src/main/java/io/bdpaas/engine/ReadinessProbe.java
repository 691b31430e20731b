package io.bdpaas.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Tells whether a node serves what it should, by asking the engine's own HTTP API. One call is one
 * check; the caller decides how often and how long to retry. Checks never throw: failures are a
 * not-ready result.
 */
public interface ReadinessProbe {

  /** Runs the check once. */
  ProbeResult check();

  /** What is checked, for logs and events. */
  String description();

  /** Ready when a GET of {@code uri} answers 2xx. */
  static ReadinessProbe httpOk(EngineHttp http, URI uri) {
    return new HttpReadinessProbe(http, uri, "GET " + uri + " answers 2xx", body -> true, false);
  }

  /**
   * Ready when a GET of {@code uri} returns JSON whose value at {@code jsonPointer} (RFC 6901, e.g.
   * {@code /status}) equals {@code expected} as text.
   */
  static ReadinessProbe httpJsonEquals(
      EngineHttp http, URI uri, String jsonPointer, String expected) {
    requireNonNull(jsonPointer, "jsonPointer is null");
    requireNonNull(expected, "expected is null");
    if (!jsonPointer.isEmpty() && !jsonPointer.startsWith("/")) {
      throw new IllegalArgumentException("a JSON pointer starts with '/': " + jsonPointer);
    }
    return new HttpReadinessProbe(
        http,
        uri,
        "GET " + uri + " has " + jsonPointer + " = " + expected,
        json -> {
          JsonNode value = ((JsonNode) json).at(jsonPointer);
          return !value.isMissingNode() && value.isValueNode() && value.asString().equals(expected);
        },
        true);
  }

  /**
   * Ready when {@code host:port} accepts a TCP connection within a second: for servers that speak
   * no HTTP, such as Spark Connect's gRPC endpoint, which binds its port once it serves.
   */
  static ReadinessProbe tcp(String host, int port) {
    requireNonNull(host, "host is null");
    String description = "TCP " + host + ":" + port + " accepts connections";
    return new ReadinessProbe() {
      @Override
      public ProbeResult check() {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(host, port), 1000);
          return ProbeResult.ready(description);
        } catch (IOException e) {
          return ProbeResult.notReady(description + ": not yet (" + e.getMessage() + ")");
        }
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  /** Ready when a GET of {@code uri} returns JSON the predicate accepts. */
  static ReadinessProbe httpJson(
      EngineHttp http, URI uri, String description, Predicate<JsonNode> predicate) {
    requireNonNull(predicate, "predicate is null");
    return new HttpReadinessProbe(
        http,
        uri,
        "GET " + uri + ": " + description,
        json -> predicate.test((JsonNode) json),
        true);
  }
}
