package io.bdpaas.engine;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small HTTP layer the engine clients and probes share: GET, POST (JSON or a file), PATCH and
 * DELETE with a timeout, parse the JSON answer, and turn an engine's error answer into an {@link
 * EngineHttpStatusException} carrying its readable explanation. One instance (and its connection
 * pool) can serve every client.
 */
public final class EngineHttp {
  /** Default time for one request, connection included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The least time a file upload gets; it streams a whole file, e.g. a job's jar. */
  public static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(2);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final EngineAddresses addresses;

  public EngineHttp(HttpClient client, Duration timeout) {
    this(client, timeout, Map.of(), EngineAddresses.DIRECT);
  }

  private EngineHttp(
      HttpClient client, Duration timeout, Map<String, String> headers, EngineAddresses addresses) {
    this.client = requireNonNull(client, "client is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.headers = Map.copyOf(headers);
    this.addresses = requireNonNull(addresses, "addresses is null");
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
    return new EngineHttp(client, timeout, all, addresses);
  }

  /**
   * The same client (and connection pool) waiting up to {@code requestTimeout} for each answer, for
   * calls during which the engine does work, e.g. running a job's main method.
   */
  public EngineHttp withTimeout(Duration requestTimeout) {
    return new EngineHttp(client, requestTimeout, headers, addresses);
  }

  /**
   * The same client (and connection pool) sending each request where {@code reach} says the
   * engine's address is reached from here, e.g. through a port-forward.
   */
  public EngineHttp reaching(EngineAddresses reach) {
    return new EngineHttp(client, timeout, headers, reach);
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
    return succeeded(send(request(uri, timeout).GET())).body();
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
   * A PATCH without a body, e.g. Flink's job cancellation; status codes other than 2xx are errors.
   */
  public void patch(URI uri) {
    succeeded(send(request(uri, timeout).method("PATCH", BodyPublishers.noBody())));
  }

  /** A DELETE; status codes other than 2xx are errors. */
  public void delete(URI uri) {
    succeeded(send(request(uri, timeout).DELETE()));
  }

  /**
   * POSTs {@code body} as JSON and parses the JSON answer, also that of a 4xx: engines such as
   * Spark's submission server explain a refusal in their own fields. An answer in Flink's error
   * shape ({@code {"errors":[...]}}) with an error status is thrown as an {@link
   * EngineHttpStatusException} carrying the readable part of the explanation.
   */
  public JsonNode postJson(URI uri, JsonNode body) {
    HttpRequest.Builder builder =
        request(uri, timeout)
            .header("Content-Type", "application/json;charset=UTF-8")
            .POST(BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response = send(builder);
    if (!isSuccess(response)
        && (response.body().isBlank() || explanation(response.body()).isPresent())) {
      throw statusError(response);
    }
    return parse(response);
  }

  /**
   * Uploads {@code file} as the one part {@code field} of a {@code multipart/form-data} POST (what
   * an HTML file input sends), streaming it from disk, and parses the JSON answer. Uploads may take
   * up to {@link #UPLOAD_TIMEOUT}; status codes other than 2xx are errors.
   *
   * @param fileName the file name the server is told, without quotes, line breaks or slashes
   */
  public JsonNode postFile(URI uri, String field, Path file, String fileName) {
    checkHeaderValue(field, "field");
    checkHeaderValue(fileName, "fileName");
    if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")) {
      throw new IllegalArgumentException("fileName must be a plain file name: " + fileName);
    }
    String boundary = "bdpaas-" + HexFormat.of().formatHex(randomBytes(16));
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + field
            + "\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    BodyPublisher content;
    try {
      content = BodyPublishers.ofFile(file);
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("cannot upload " + file + ": it does not exist", e);
    }
    HttpRequest.Builder builder =
        request(uri, max(timeout, UPLOAD_TIMEOUT))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                BodyPublishers.concat(
                    BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    content,
                    BodyPublishers.ofString(tail, StandardCharsets.US_ASCII)));
    return parse(succeeded(send(builder)));
  }

  private HttpRequest.Builder request(URI uri, Duration timeout) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(addresses.reach(uri)).timeout(timeout);
    headers.forEach(builder::header);
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new EngineClientException(describe(request) + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineClientException(describe(request) + " interrupted", e);
    }
  }

  private static String describe(HttpRequest request) {
    return request.method() + " " + request.uri();
  }

  private static boolean isSuccess(HttpResponse<?> response) {
    return response.statusCode() / 100 == 2;
  }

  private static HttpResponse<String> succeeded(HttpResponse<String> response) {
    if (!isSuccess(response)) {
      throw statusError(response);
    }
    return response;
  }

  /** The engine's explanation as the message when it gave one, else the request and status. */
  private static EngineHttpStatusException statusError(HttpResponse<String> response) {
    String message =
        explanation(response.body())
            .orElse(describe(response.request()) + " answered HTTP " + response.statusCode());
    return new EngineHttpStatusException(message, response.statusCode());
  }

  /** The readable part of Flink's {@code {"errors":["...", "<stack trace>"]}}, if it is that. */
  private static Optional<String> explanation(String body) {
    if (body.isBlank() || !body.strip().startsWith("{")) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JacksonException e) {
      return Optional.empty();
    }
    JsonNode errors = json.path("errors");
    if (!errors.isArray() || errors.isEmpty()) {
      return Optional.empty();
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode error : errors) {
      if (error.isString()) {
        texts.add(error.stringValue());
      }
    }
    String readable = EngineMessages.readable(String.join("\n", texts));
    return readable.isBlank() ? Optional.empty() : Optional.of(readable);
  }

  private static JsonNode parse(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw new EngineClientException(
          describe(response.request())
              + " answered HTTP "
              + response.statusCode()
              + " without JSON",
          e);
    }
  }

  private static void checkHeaderValue(String value, String name) {
    requireNonNull(value, name + " is null");
    if (value.contains("\"") || value.contains("\r") || value.contains("\n")) {
      throw new IllegalArgumentException(
          name + " must not contain quotes or line breaks: " + value);
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Resolves a path against a base URI that may or may not end with a slash. */
  public static URI resolve(URI base, String path) {
    String text = base.toString();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return URI.create(text.endsWith("/") ? text + relative : text + "/" + relative);
  }
}
