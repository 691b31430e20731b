package io.bdpaas.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small HTTP layer the engine clients and probes share: GET a URL with a timeout and parse the
 * JSON answer. One instance (and its connection pool) can serve every client.
 */
public final class EngineHttp {
  /** Default time for one request, connection included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client;
  private final Duration timeout;
  private final Map<String, String> headers;

  public EngineHttp(HttpClient client, Duration timeout) {
    this(client, timeout, Map.of());
  }

  private EngineHttp(HttpClient client, Duration timeout, Map<String, String> headers) {
    this.client = requireNonNull(client, "client is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.headers = Map.copyOf(headers);
  }

  /**
   * The same client (and connection pool) sending these headers with every request, e.g. the
   * credential an engine's endpoint asks for.
   */
  public EngineHttp withHeaders(Map<String, String> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(extra);
    return new EngineHttp(client, timeout, all);
  }

  /** A client with its own connection pool and the default timeout. */
  public static EngineHttp create() {
    return new EngineHttp(builder().build(), DEFAULT_TIMEOUT);
  }

  /** The same for {@code https} endpoints that want this TLS context (mutual TLS). */
  public static EngineHttp create(SSLContext tls) {
    return new EngineHttp(builder().sslContext(tls).build(), DEFAULT_TIMEOUT);
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .connectTimeout(DEFAULT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL);
  }

  /** The body of a GET; status codes other than 2xx are errors. */
  public String get(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new EngineClientException("GET " + uri + " answered HTTP " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new EngineClientException("GET " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineClientException("GET " + uri + " interrupted", e);
    }
  }

  /** The parsed JSON body of a GET. */
  public JsonNode getJson(URI uri) {
    String body = get(uri);
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      throw new EngineClientException(
          "GET " + uri + " did not return JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * POSTs {@code body} as JSON and parses the JSON answer, whatever its status: engines such as
   * Spark's submission server explain a refusal in the body of a 4xx.
   */
  public JsonNode postJson(URI uri, JsonNode body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json;charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    headers.forEach(builder::header);
    try {
      HttpResponse<String> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 5 && response.body().isBlank()) {
        throw new EngineClientException("POST " + uri + " answered HTTP " + response.statusCode());
      }
      try {
        return JSON.readTree(response.body());
      } catch (JacksonException e) {
        throw new EngineClientException(
            "POST " + uri + " answered HTTP " + response.statusCode() + " without JSON", e);
      }
    } catch (IOException e) {
      throw new EngineClientException("POST " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineClientException("POST " + uri + " interrupted", e);
    }
  }

  /** Resolves a path against a base URI that may or may not end with a slash. */
  public static URI resolve(URI base, String path) {
    String text = base.toString();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return URI.create(text.endsWith("/") ? text + relative : text + "/" + relative);
  }
}
