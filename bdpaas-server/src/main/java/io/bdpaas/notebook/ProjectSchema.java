package io.bdpaas.notebook;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.Caller;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalog.Column;
import org.apache.spark.sql.catalog.Database;
import org.apache.spark.sql.catalog.Table;
import org.apache.spark.sql.connect.SparkSession;
import org.springframework.stereotype.Component;

/**
 * What a project's Spark SQL catalog holds — databases, their tables and views (with the temporary
 * views of the notebooks' session), and their columns — for the schema browser and the editor's
 * completion. Read through the same Connect session the notebooks run on, bounded so that a large
 * catalog answers quickly.
 */
@Component
public class ProjectSchema {
  static final int MAX_DATABASES = 50;
  static final int MAX_TABLES = 300;
  static final int MAX_TABLES_WITH_COLUMNS = 100;

  private final ConnectSessions sessions;

  public ProjectSchema(ConnectSessions sessions) {
    this.sessions = sessions;
  }

  /** The catalog; {@code truncated} when some databases, tables or columns were left out. */
  public record Schema(List<DatabaseView> databases, boolean truncated) {}

  public record DatabaseView(String name, List<TableView> tables) {}

  /**
   * @param columns empty when left out beyond the limit
   */
  public record TableView(String name, String type, boolean temporary, List<ColumnView> columns) {}

  public record ColumnView(String name, String type) {}

  public Schema read(Caller caller, ProjectId project) {
    ConnectSessions.Availability availability = sessions.availability(caller, project);
    if (availability instanceof ConnectSessions.Availability.Unavailable unavailable) {
      throw new BdpaasException(ErrorCode.CONFLICT, unavailable.why());
    }
    if (availability instanceof ConnectSessions.Availability.Starting starting) {
      throw new BdpaasException(ErrorCode.CONFLICT, starting.why());
    }
    try {
      return read(sessions.session(((ConnectSessions.Availability.Ready) availability).target()));
    } catch (RuntimeException e) {
      // The project's server went away meanwhile (stopped, deleted), or refused: say so, briefly.
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "the project's Spark catalog could not be read now: "
              + (message.length() > 300 ? message.substring(0, 300) + "…" : message));
    }
  }

  private Schema read(SparkSession spark) {
    boolean truncated = false;
    int tablesSeen = 0;
    int tablesWithColumns = 0;
    List<DatabaseView> databases = new ArrayList<>();
    List<Database> listed = spark.catalog().listDatabases().collectAsList();
    if (listed.size() > MAX_DATABASES) {
      truncated = true;
    }
    for (Database database : listed.subList(0, Math.min(listed.size(), MAX_DATABASES))) {
      List<TableView> tables = new ArrayList<>();
      for (Table table : tablesOf(spark, database)) {
        if (tablesSeen++ >= MAX_TABLES) {
          truncated = true;
          break;
        }
        List<ColumnView> columns = new ArrayList<>();
        if (tablesWithColumns++ < MAX_TABLES_WITH_COLUMNS) {
          String qualified =
              table.isTemporary()
                  ? quote(table.name())
                  : quote(database.name()) + "." + quote(table.name());
          for (Column column : columnsOf(spark, qualified)) {
            columns.add(new ColumnView(column.name(), column.dataType()));
          }
        } else {
          truncated = true;
        }
        tables.add(
            new TableView(
                table.name(),
                String.valueOf(table.tableType()).toLowerCase(java.util.Locale.ROOT),
                table.isTemporary(),
                columns));
      }
      databases.add(new DatabaseView(database.name(), tables));
    }
    return new Schema(databases, truncated);
  }

  /** A database dropped while it is read has no tables. */
  private static List<Table> tablesOf(SparkSession spark, Database database) {
    try {
      return spark.catalog().listTables(database.name()).collectAsList();
    } catch (AnalysisException e) {
      return List.of();
    }
  }

  /** A table dropped while it is read, or whose metadata Spark cannot read, has no columns. */
  private static List<Column> columnsOf(SparkSession spark, String table) {
    try {
      return spark.catalog().listColumns(table).collectAsList();
    } catch (AnalysisException e) {
      return List.of();
    }
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
