package io.bdpaas.application;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.project.ProjectId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Applications of every kind, read from the {@code applications} view; scoped to the caller (admins
 * see every tenant's).
 */
@Repository
public class ApplicationStore extends TenantScopedStore<ApplicationRow> {
  public ApplicationStore(JdbcClient jdbc) {
    super(jdbc, "applications", ApplicationStore::map, "created_at DESC, id DESC");
  }

  /** What to list; every part is optional. */
  public record Filter(
      Optional<ApplicationRow.Kind> kind,
      Optional<ApplicationRow.Phase> phase,
      Optional<String> owner,
      Optional<ProjectId> project,
      Optional<String> search) {
    /** The applications in one phase. */
    public static Filter inPhase(ApplicationRow.Phase phase) {
      return new Filter(
          Optional.empty(),
          Optional.of(phase),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }

  /** The orders a list can have, each with the id as the last tie-breaker. */
  public enum Sort {
    SUBMITTED("created_at"),
    NAME("name"),
    USER("owner_name"),
    PROJECT("project_name"),
    TYPE("kind"),
    STATE("phase");

    private final String column;

    Sort(String column) {
      this.column = column;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    String orderBy(boolean descending) {
      String direction = descending ? " DESC" : " ASC";
      return column + direction + ", id" + direction;
    }
  }

  public Page<ApplicationRow> list(
      Caller caller, Filter filter, Sort sort, boolean descending, PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filter.kind().ifPresent(kind -> filters.put("kind", kind.wireName()));
    filter.phase().ifPresent(phase -> filters.put("phase", phase.wireName()));
    filter.owner().ifPresent(owner -> filters.put("owner_name", owner));
    filter.project().ifPresent(project -> filters.put("project_id", project.value()));
    filter
        .search()
        .ifPresent(
            text -> filters.put("search_text LIKE", "%" + likeEscaped(text.toLowerCase()) + "%"));
    return list(caller, filters, page, sort.orderBy(descending), "*", ApplicationStore::map);
  }

  /**
   * How many applications of a kind the caller may see are in each phase (phases with none left
   * out).
   */
  public Map<ApplicationRow.Phase, Long> countByPhase(Caller caller, ApplicationRow.Kind kind) {
    Map<ApplicationRow.Phase, Long> counts = new EnumMap<>(ApplicationRow.Phase.class);
    countBy(caller, Map.of("kind", kind.wireName()), "phase")
        .forEach(
            (phase, count) ->
                counts.put(ApplicationRow.Phase.valueOf(phase.toUpperCase(Locale.ROOT)), count));
    return counts;
  }

  /** The text with LIKE's wildcards taken literally (the default escape character is '\\'). */
  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static ApplicationRow map(ResultSet row, int rowNumber) throws SQLException {
    return new ApplicationRow(
        row.getString("id"),
        ApplicationRow.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
        new UserId(row.getLong("owner_id")),
        row.getString("owner_name"),
        new ProjectId(row.getString("project_id")),
        row.getString("project_name"),
        row.getString("name"),
        row.getString("detail"),
        row.getString("state"),
        ApplicationRow.Phase.valueOf(row.getString("phase").toUpperCase(Locale.ROOT)),
        Optional.ofNullable(row.getString("message")),
        Timestamps.fromDatabase(row, "created_at"),
        Optional.ofNullable(Timestamps.fromDatabase(row, "started_at")),
        Optional.ofNullable(Timestamps.fromDatabase(row, "ended_at")),
        Optional.ofNullable(row.getString("cluster_id")),
        Optional.ofNullable(row.getString("engine_job_id")));
  }
}
