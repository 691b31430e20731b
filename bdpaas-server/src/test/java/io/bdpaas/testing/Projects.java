package io.bdpaas.testing;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** What tests do with projects through the API. */
public final class Projects {
  private static final Duration DESTROYED = Duration.ofSeconds(90);

  private Projects() {}

  /**
   * Deletes every project the client sees and waits until their clusters are gone, so that no
   * engine process outlives a test that failed half-way.
   */
  public static void deleteAll(ApiClient client) {
    for (JsonNode project : client.get("/api/v1/projects").expectStatus(200).json().get("items")) {
      JsonNode cluster = project.get("clusterId");
      client.delete("/api/v1/projects/" + project.get("id").asString()).expectStatus(204);
      if (cluster != null && !cluster.isNull()) {
        Clusters.awaitStatus(client, cluster.asString(), "destroyed", DESTROYED);
      }
    }
  }
}
