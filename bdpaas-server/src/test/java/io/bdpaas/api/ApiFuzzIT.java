package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generated-input fuzzer over every operation the OpenAPI document lists: path parameters from a
 * pool of real ids and hostile strings, query parameters of the documented names with values of the
 * wrong type, bodies built from the documented schemas with wrong types, nulls, huge values and
 * broken JSON, and wrong content types. No answer may be a 5xx, and the server must answer its
 * health check afterwards.
 *
 * <p>Deterministic: a fixed seed ({@code -Dfuzz.seed}) and a fixed budget of requests ({@code
 * -Dfuzz.requests}, 2,000 by default), so a failure can be replayed. The platform has too little
 * capacity for any node to start, so created clusters only wait: the fuzzer exercises the control
 * plane, not the engines.
 */
class ApiFuzzIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Tomcat's default limit for the request line and headers, less room for the headers. */
  private static final int MAX_REQUEST_LINE = 7 * 1024;

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
  private static final List<String> HOSTILE =
      List.of(
          "",
          "0",
          "-1",
          "99999999999999999999",
          "c-00000000",
          "..",
          "../../etc/passwd",
          "%2e%2e%2f",
          "%00",
          "null",
          "true",
          "[]",
          "{}",
          "a b",
          "ünï©ødé",
          "\u202Eevil",
          "'; DROP TABLE clusters; --",
          "<script>alert(1)</script>",
          "x".repeat(5000),
          "1.0.0",
          "hello",
          "admin");

  @Test
  void noGeneratedRequestMakesTheServerFail() {
    long seed = Long.getLong("fuzz.seed", 42L);
    int budget = Integer.getInteger("fuzz.requests", 2000);
    Random random = new Random(seed);
    try (TestServer server =
        TestServer.start(
            Map.of(
                "bdpaas.http.secure-cookies", "false",
                // No node fits: created clusters wait for room and never start an engine.
                "bdpaas.local.cores", "0.1",
                "bdpaas.local.memory-mb", "64"))) {
      ApiClient admin = server.admin();
      ApiClient user = server.newUser("fuzz-user");
      List<String> pool = new ArrayList<>(HOSTILE);
      pool.add(Clusters.create(user, "{\"product\":\"hello\",\"version\":\"1.0.0\"}"));
      pool.add(user.get("/api/v1/me").expectStatus(200).json().get("id").asString());
      pool.add("node-0");
      JsonNode document = admin.get("/v3/api-docs").expectStatus(200).json();
      List<Operation> operations = operations(document);
      assertThat(operations).hasSizeGreaterThan(20);

      List<String> failures = new ArrayList<>();
      Map<String, Integer> statuses = new LinkedHashMap<>();
      for (int i = 0; i < budget; i++) {
        Operation operation = operations.get(random.nextInt(operations.size()));
        ApiClient caller =
            switch (random.nextInt(4)) {
              case 0 -> ApiClient.anonymous(server);
              case 1 -> user;
              default -> admin;
            };
        String path = fill(operation.path(), pool, random) + query(operation, random);
        String body = body(operation, document, random);
        String contentType =
            random.nextInt(8) == 0
                ? List.of("text/plain", "application/xml", "multipart/form-data; boundary=x")
                    .get(random.nextInt(3))
                : "application/json";
        ApiClient.Response response;
        try {
          response =
              caller.send(
                  path,
                  b ->
                      b.timeout(Duration.ofSeconds(30))
                          .header("Content-Type", contentType)
                          .method(
                              operation.method(),
                              operation.method().equals("GET")
                                      || operation.method().equals("DELETE")
                                  ? HttpRequest.BodyPublishers.noBody()
                                  : HttpRequest.BodyPublishers.ofString(body)));
        } catch (RuntimeException e) {
          // A request line beyond the server's header limit (8 KB) is refused by Tomcat before any
          // application code, with a 400 that a client still sending its body may never read.
          if (path.length() <= MAX_REQUEST_LINE) {
            failures.add(operation.method() + " " + abbreviate(path) + " -> no answer: " + e);
          }
          continue;
        }
        statuses.merge(
            operation.method() + " " + operation.path() + " " + response.status(), 1, Integer::sum);
        if (response.status() >= 500) {
          failures.add(
              "#"
                  + i
                  + " "
                  + operation.method()
                  + " "
                  + abbreviate(path)
                  + " body "
                  + abbreviate(body)
                  + " -> "
                  + response.status()
                  + " "
                  + abbreviate(response.body()));
        }
      }
      assertThat(failures)
          .as("5xx answers (seed %d, %d requests; statuses seen: %s)", seed, budget, statuses)
          .isEmpty();
      ApiClient.anonymous(server).get("/actuator/health").expectStatus(200);
      assertThat(
              statuses.keySet().stream()
                  .filter(
                      key ->
                          key.endsWith(" 200")
                              || key.endsWith(" 201")
                              || key.endsWith(" 202")
                              || key.endsWith(" 204")))
          .as("the fuzzer also got through to real work")
          .isNotEmpty();
    }
  }

  record Operation(String method, String path, List<String> query, String bodySchema) {}

  private static List<Operation> operations(JsonNode document) {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      if (!path.getKey().startsWith("/api/")) {
        continue;
      }
      for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
        String method = entry.getKey().toUpperCase();
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          continue;
        }
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : entry.getValue().path("parameters")) {
          if (parameter.path("in").asString("").equals("query")) {
            query.add(parameter.get("name").asString());
          }
        }
        String schema =
            entry
                .getValue()
                .at("/requestBody/content")
                .propertyStream()
                .map(content -> content.getValue().at("/schema/$ref").asString(""))
                .findFirst()
                .orElse("");
        operations.add(new Operation(method, path.getKey(), query, schema));
      }
    }
    return operations;
  }

  private static String fill(String path, List<String> pool, Random random) {
    Matcher matcher = PATH_PARAMETER.matcher(path);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String encoded =
          URLEncoder.encode(pool.get(random.nextInt(pool.size())), StandardCharsets.UTF_8);
      // Sometimes with its slashes and dots left bare: a traversal attempt, not one segment.
      if (random.nextInt(5) == 0) {
        encoded = encoded.replace("%2F", "/").replace("%2E", ".");
      }
      matcher.appendReplacement(filled, Matcher.quoteReplacement(encoded));
    }
    matcher.appendTail(filled);
    return filled.toString().replace("+", "%20");
  }

  private static String query(Operation operation, Random random) {
    List<String> names = new ArrayList<>(operation.query());
    names.add("unknown");
    StringBuilder query = new StringBuilder();
    for (String name : names) {
      if (random.nextBoolean()) {
        query.append(query.isEmpty() ? "?" : "&");
        query
            .append(name)
            .append('=')
            .append(URLEncoder.encode(String.valueOf(scalar(random)), StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }

  private static String body(Operation operation, JsonNode document, Random random) {
    switch (random.nextInt(10)) {
      case 0:
        return "";
      case 1:
        return "{\"unterminated\": ";
      case 2:
        return "[1, 2, 3]";
      case 3:
        return "\"just a string\"";
      default:
        break;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (!operation.bodySchema().isEmpty()) {
      String name = operation.bodySchema().substring(operation.bodySchema().lastIndexOf('/') + 1);
      JsonNode properties = document.at("/components/schemas/" + name + "/properties");
      for (String property : properties.propertyNames()) {
        if (random.nextInt(4) != 0) {
          body.put(property, value(properties.get(property), random, 0));
        }
      }
    }
    if (random.nextInt(5) == 0) {
      body.put("unexpected", scalar(random));
    }
    return JSON.writeValueAsString(body);
  }

  /** Mostly a value of the documented type, sometimes anything. */
  private static Object value(JsonNode schema, Random random, int depth) {
    if (random.nextInt(3) == 0 || depth > 2) {
      return scalar(random);
    }
    return switch (schema.path("type").asString("")) {
      case "integer" -> List.of(0, 1, 3, -5, Integer.MAX_VALUE, 100_000).get(random.nextInt(6));
      case "number" -> List.of(0.0004, 1.5, -1.0, 1e300).get(random.nextInt(4));
      case "boolean" -> random.nextBoolean();
      case "array" -> java.util.Arrays.asList(scalar(random), scalar(random));
      case "object" -> {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("worker.cores", scalar(random));
        object.put("x", value(schema, random, depth + 1));
        yield object;
      }
      default ->
          List.of(
                  "hello",
                  "1.0.0",
                  "spark",
                  "4.2.0",
                  "Fuzz Name",
                  "fuzzer",
                  "user",
                  "ADMIN",
                  "a".repeat(300))
              .get(random.nextInt(9));
    };
  }

  private static Object scalar(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> null;
      case 1 -> random.nextInt();
      case 2 -> -random.nextDouble() * 1e12;
      case 3 -> true;
      case 4 -> "x".repeat(random.nextInt(3) == 0 ? 100_000 : 3);
      case 5 -> "\u0000\u202e\n2026-01-01 INFO forged";
      case 6 -> List.of();
      default -> HOSTILE.get(random.nextInt(HOSTILE.size()));
    };
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
