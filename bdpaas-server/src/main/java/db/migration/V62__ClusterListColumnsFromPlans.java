package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills the list columns of V61 for clusters planned before them, from their stored plans. Reads
 * the plan as a JSON tree, not as the current {@code ClusterPlan} class, so that this migration
 * keeps working when that class changes.
 */
public class V62__ClusterListColumnsFromPlans extends BaseJavaMigration {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @Override
  public void migrate(Context context) throws Exception {
    try (Statement select = context.getConnection().createStatement();
        ResultSet rows =
            select.executeQuery("SELECT id, plan FROM clusters WHERE plan IS NOT NULL");
        PreparedStatement update =
            context
                .getConnection()
                .prepareStatement(
                    "UPDATE clusters SET endpoints = ?, node_count = ?, plan_size = ? WHERE id = ?")) {
      while (rows.next()) {
        JsonNode plan = JSON.readTree(rows.getString("plan"));
        JsonNode endpoints = plan.path("endpoints");
        update.setString(1, endpoints.isObject() ? JSON.writeValueAsString(endpoints) : "{}");
        update.setInt(2, plan.path("nodes").size());
        update.setInt(3, plan.path("size").asInt(0));
        update.setString(4, rows.getString("id"));
        update.executeUpdate();
      }
    }
  }
}
