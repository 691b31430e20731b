package io.bdpaas.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests, speaking to a {@link TestServer} the way a script or a browser
 * would: with an API token, or with the session cookie and CSRF token of a console login.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

  private final TestServer server;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Optional<String> token;
  private final Map<String, String> cookies = new HashMap<>();

  private ApiClient(TestServer server, Optional<String> token) {
    this.server = server;
    this.token = token;
  }

  public static ApiClient withToken(TestServer server, String token) {
    return new ApiClient(server, Optional.of(token));
  }

  public static ApiClient anonymous(TestServer server) {
    return new ApiClient(server, Optional.empty());
  }

  /** A new token for a user, from the password login endpoint. */
  public static String tokenFor(TestServer server, String username, String password) {
    return anonymous(server)
        .post(
            "/api/v1/auth/token",
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
        .expectStatus(201)
        .json()
        .get("secret")
        .asString();
  }

  public Response get(String path) {
    return send(builder(path).GET());
  }

  public Response delete(String path) {
    return send(builder(path).DELETE());
  }

  public Response post(String path, String json) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response put(String path, String json) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response patch(String path, String json) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Sends any request; the builder already has the URI and credentials. */
  public Response send(String path, java.util.function.UnaryOperator<HttpRequest.Builder> shape) {
    return send(shape.apply(builder(path)));
  }

  /** Posts a console form, as a browser would, with the cookies this client holds. */
  public Response postForm(String path, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        builder(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The CSRF token of a console page's forms. */
  public String csrfTokenOf(String pagePath) {
    String html = get(pagePath).expectStatus(200).body();
    Matcher matcher = CSRF.matcher(html);
    assertThat(matcher.find()).as("page %s has a CSRF token", pagePath).isTrue();
    return matcher.group(1);
  }

  /** Signs in through the console's login form; the session cookie is kept. */
  public Response login(String username, String password) {
    String csrf = csrfTokenOf("/login");
    return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf));
  }

  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30));
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    if (!cookies.isEmpty()) {
      builder.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    return builder;
  }

  private Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      for (String header : response.headers().allValues("Set-Cookie")) {
        String pair = header.split(";", 2)[0];
        int equals = pair.indexOf('=');
        String name = pair.substring(0, equals);
        String value = pair.substring(equals + 1);
        if (value.isEmpty() || header.contains("Max-Age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      return new Response(response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response with assertion helpers. */
  public record Response(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public String body() {
      return raw.body();
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    public List<String> headers(String name) {
      return raw.headers().allValues(name);
    }

    public JsonNode json() {
      return JSON.readTree(raw.body());
    }

    public Response expectStatus(int expected) {
      assertThat(status())
          .as("status of %s %s; body: %s", raw.request().method(), raw.uri(), body())
          .isEqualTo(expected);
      return this;
    }

    /** Asserts a problem+json answer with this status and code, and returns it. */
    public JsonNode expectProblem(int expectedStatus, String expectedCode) {
      expectStatus(expectedStatus);
      assertThat(header("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode problem = json();
      assertThat(problem.get("status").asInt()).isEqualTo(expectedStatus);
      assertThat(problem.get("code").asString()).isEqualTo(expectedCode);
      assertThat(problem.get("detail").asString()).isNotBlank();
      return problem;
    }
  }
}
