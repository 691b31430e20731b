package io.bdpaas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few calls of the BDPaaS REST API the benchmarks make. */
final class Api {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private volatile String token;

  Api(int port) {
    this("http://127.0.0.1:" + port);
  }

  private Api(String base) {
    this.base = base;
  }

  void token(String secret) {
    this.token = secret;
  }

  String token() {
    return token;
  }

  /** Status code of a GET without authentication (for health checks); -1 when it cannot connect. */
  int probe(String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(2))
              .GET()
              .build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  JsonNode get(String path) {
    return send("GET", path, null, 200);
  }

  JsonNode post(String path, Object body, int expected) {
    return send("POST", path, JSON.writeValueAsString(body), expected);
  }

  JsonNode delete(String path) {
    return delete(path, 202);
  }

  JsonNode delete(String path, int expected) {
    return send("DELETE", path, null, expected);
  }

  /**
   * Polls {@code GET /api/v1/clusters/{id}} every {@code pollMillis} until it has {@code status}.
   */
  JsonNode awaitClusterStatus(String id, String status, Duration timeout, long pollMillis) {
    return awaitStatus("/api/v1/clusters/" + id, status, timeout, pollMillis);
  }

  /**
   * Polls {@code GET path} every {@code pollMillis} until its {@code status} is {@code wanted};
   * fails at once on {@code failed} (unless that is wanted).
   */
  JsonNode awaitStatus(String path, String wanted, Duration timeout, long pollMillis) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode resource = get(path);
      String status = resource.get("status").asString();
      if (status.equals(wanted)) {
        return resource;
      }
      if (status.equals("failed") || System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            path + " is " + status + ", not " + wanted + " (waited up to " + timeout + ")");
      }
      Processes.sleep(pollMillis);
    }
  }

  /**
   * A new user, created by this (the admin's) client, and a client with a token of theirs: the
   * platform as a tenant who is not the administrator uses it.
   */
  Api newUser(String username, String password) {
    post("/api/v1/admin/users", Map.of("username", username, "password", password), 201);
    Api user = new Api(base);
    user.token(login(username, password));
    return user;
  }

  /** A new API token of the user's (the secret {@code POST /api/v1/auth/token} answers). */
  String login(String username, String password) {
    return post(
            "/api/v1/auth/token",
            Map.of("username", username, "password", password, "tokenName", "bench"),
            201)
        .get("secret")
        .asString();
  }

  String getText(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = exchange(request.GET().build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
    }
    return response.body();
  }

  private JsonNode send(String method, String path, String body, int expected) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response = exchange(request.build());
    if (response.statusCode() != expected && response.statusCode() != 200) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
