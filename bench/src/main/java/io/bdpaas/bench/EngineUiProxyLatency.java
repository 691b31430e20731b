package io.bdpaas.bench;

import io.bdpaas.engine.EngineSecret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the engine UI proxy adds: the same GETs sent to an engine's UI directly (with the cluster's
 * credentials, as the platform holds them) and through {@code /clusters/{id}/ui/}, one after the
 * other in the same run, with one client and with several. Measured on a Flink dashboard (a
 * streaming project's JobManager, mutual TLS) and a Spark master UI (a Spark cluster, bearer).
 */
final class EngineUiProxyLatency {
  private EngineUiProxyLatency() {}

  static void measure(
      ServerProcess server, String databaseUrl, int connections, Duration warmUp, Duration measure)
      throws Exception {
    String project =
        server
            .api
            .post("/api/v1/projects", Map.of("name", "bench-ui", "kind", "streaming"), 202)
            .get("id")
            .asString();
    String flink = server.api.get("/api/v1/projects/" + project).get("clusterId").asString();
    String spark =
        server
            .api
            .post(
                "/api/v1/clusters",
                Map.of(
                    "product",
                    "spark",
                    "version",
                    "4.2.0",
                    "size",
                    1,
                    "options",
                    Map.of("connect", false)),
                202)
            .get("id")
            .asString();
    server.api.awaitClusterStatus(flink, "ready", Duration.ofMinutes(4), 500);
    server.api.awaitClusterStatus(spark, "ready", Duration.ofMinutes(4), 500);
    ClusterReadyBench.say("");
    ClusterReadyBench.say(
        "engine UI proxy: the same GET directly to the engine and through the platform");
    ClusterReadyBench.say("");
    ClusterReadyBench.say(
        "| engine | path | clients | direct p50 ms | proxied p50 ms | added p50 ms | direct req/s |"
            + " proxied req/s | proxied / direct | errors |");
    ClusterReadyBench.say("|---|---|---|---|---|---|---|---|---|---|");
    compare(
        server,
        databaseUrl,
        "Flink",
        flink,
        List.of("/overview", "/jobs/overview", "/"),
        connections,
        warmUp,
        measure);
    compare(
        server,
        databaseUrl,
        "Spark",
        spark,
        List.of("/json/", "/", "/static/webui.css"),
        connections,
        warmUp,
        measure);
    server.api.delete("/api/v1/projects/" + project, 204);
    server.api.delete("/api/v1/clusters/" + spark);
  }

  private static void compare(
      ServerProcess server,
      String databaseUrl,
      String engine,
      String cluster,
      List<String> paths,
      int connections,
      Duration warmUp,
      Duration measure)
      throws Exception {
    JsonNode view = server.api.get("/api/v1/clusters/" + cluster);
    String webUi = view.get("endpoints").get("webUi").asString().replaceAll("/$", "");
    EngineSecret secret = secret(databaseUrl, cluster);
    HttpClient.Builder direct = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (webUi.startsWith("https:")) {
      direct.sslContext(secret.clientTls());
    }
    HttpClient toEngine = direct.build();
    HttpClient toPlatform = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (String path : paths) {
      HttpRequest straight = ApiListBench.get(URI.create(webUi + path), secret.bearer());
      HttpRequest proxied =
          ApiListBench.get(
              URI.create("http://127.0.0.1:" + server.port + "/clusters/" + cluster + "/ui" + path),
              server.api.token());
      for (int clients : List.of(1, connections)) {
        ApiListBench.run(toEngine, straight, clients, warmUp);
        ApiListBench.Result a = ApiListBench.run(toEngine, straight, clients, measure);
        ApiListBench.run(toPlatform, proxied, clients, warmUp);
        ApiListBench.Result b = ApiListBench.run(toPlatform, proxied, clients, measure);
        ClusterReadyBench.say(
            String.format(
                Locale.ROOT,
                "| %s | `%s` | %d | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %d / %d |",
                engine,
                path,
                clients,
                a.p50Millis(),
                b.p50Millis(),
                b.p50Millis() - a.p50Millis(),
                a.rate(),
                b.rate(),
                b.rate() / a.rate(),
                a.errors(),
                b.errors()));
      }
    }
  }

  /** The cluster's engine secret, from the database, as the platform reads it. */
  private static EngineSecret secret(String databaseUrl, String cluster) throws Exception {
    try (Connection db = DriverManager.getConnection(databaseUrl, "sa", "");
        PreparedStatement query =
            db.prepareStatement(
                "SELECT engine_secret, engine_key_store FROM clusters WHERE id = ?")) {
      query.setString(1, cluster);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no cluster " + cluster);
        }
        String keyStore = row.getString(2);
        return new EngineSecret(row.getString(1), keyStore == null ? "" : keyStore);
      }
    }
  }
}
