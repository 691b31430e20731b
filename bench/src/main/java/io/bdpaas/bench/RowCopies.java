package io.bdpaas.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fills a bench's database quickly: copies one real row (made through the API) many times, each
 * copy with some columns changed, in batches of one transaction.
 */
final class RowCopies {
  private RowCopies() {}

  /** The value of one column of copy {@code n}; {@code original} is the template row's. */
  interface Changes {
    Object value(String column, int n, Object original);
  }

  /** Copies the row of {@code table} whose id is {@code templateId} {@code copies} times. */
  static void copy(Connection db, String table, String templateId, int copies, Changes changes)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    Map<String, Object> row = new LinkedHashMap<>();
    try (PreparedStatement select =
        db.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
      select.setString(1, templateId);
      try (ResultSet result = select.executeQuery()) {
        if (!result.next()) {
          throw new IllegalStateException("no row " + templateId + " in " + table);
        }
        ResultSetMetaData meta = result.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String column = meta.getColumnName(i).toLowerCase(Locale.ROOT);
          columns.add(column);
          row.put(column, result.getObject(i));
        }
      }
    }
    String[] marks = new String[columns.size()];
    Arrays.fill(marks, "?");
    String insert =
        "INSERT INTO "
            + table
            + " ("
            + String.join(", ", columns)
            + ") VALUES ("
            + String.join(", ", marks)
            + ")";
    boolean autoCommit = db.getAutoCommit();
    db.setAutoCommit(false);
    try (PreparedStatement statement = db.prepareStatement(insert)) {
      for (int n = 0; n < copies; n++) {
        for (int i = 0; i < columns.size(); i++) {
          String column = columns.get(i);
          statement.setObject(i + 1, changes.value(column, n, row.get(column)));
        }
        statement.addBatch();
        if (n % 1000 == 999) {
          statement.executeBatch();
        }
      }
      statement.executeBatch();
      db.commit();
    } finally {
      db.setAutoCommit(autoCommit);
    }
  }
}
