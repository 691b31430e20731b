package io.bdpaas.tenancy;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one place where tenant isolation is enforced for owned rows. Each table of domain data has an
 * {@code owner_id} column; a store for it extends this class and reads and writes rows only through
 * these methods, which add {@code owner_id = <caller>} unless the caller is an admin.
 *
 * <p>A row that exists but belongs to someone else looks exactly like a row that does not exist, so
 * callers cannot probe other tenants' ids.
 */
public abstract class TenantScopedStore<T> {
  private static final Pattern COLUMNS = Pattern.compile("\\*|[a-z_]+(, [a-z_]+)*");
  // A filter's key: a column, compared for equality, a column and a comparison ("created_at
  // >="), a column and a pattern ("name LIKE"), or a column and a collection of values ("kind IN").
  private static final Pattern FILTER = Pattern.compile("([a-z_]+)( >=| <| LIKE| IN)?");
  private static final Pattern ORDER_BY =
      Pattern.compile("[a-z_]+( ASC| DESC)?(, [a-z_]+( ASC| DESC)?)*");
  protected final JdbcClient jdbc;
  private final String table;
  private final RowMapper<T> mapper;
  private final String orderBy;
  private final String columns;

  protected TenantScopedStore(JdbcClient jdbc, String table, RowMapper<T> mapper, String orderBy) {
    this(jdbc, table, "*", mapper, orderBy);
  }

  /**
   * @param columns what the mapper reads ({@code *}, or a list of columns when the table also holds
   *     columns callers never see, such as secrets)
   */
  protected TenantScopedStore(
      JdbcClient jdbc, String table, String columns, RowMapper<T> mapper, String orderBy) {
    this.columns = requireNonNull(columns, "columns is null");
    if (!COLUMNS.matcher(columns).matches()) {
      throw new IllegalArgumentException("columns must be * or plain identifiers");
    }
    this.jdbc = requireNonNull(jdbc, "jdbc is null");
    this.table = requireNonNull(table, "table is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.orderBy = requireNonNull(orderBy, "orderBy is null");
    if (!table.matches("[a-z_]+") || !ORDER_BY.matcher(orderBy).matches()) {
      throw new IllegalArgumentException("table and orderBy must be plain identifiers");
    }
  }

  /** The row with {@code id} (its primary key) if the caller may see it. */
  public Optional<T> find(Caller caller, Object id) {
    return find(caller, id, columns, mapper);
  }

  /**
   * The same row read as another type, as {@link #list(Caller, Map, PageRequest, String,
   * RowMapper)}.
   */
  protected <S> Optional<S> find(Caller caller, Object id, String columns, RowMapper<S> mapper) {
    if (!COLUMNS.matcher(columns).matches()) {
      throw new IllegalArgumentException("columns must be * or plain identifiers");
    }
    Scope scope = Scope.of(caller);
    return jdbc.sql("SELECT " + columns + " FROM " + table + " WHERE id = ?" + scope.and())
        .params(scope.params(id))
        .query(mapper)
        .optional();
  }

  /**
   * A page of the rows the caller may see; {@code owner} narrows it to one owner (an admin can ask
   * for anyone's, a user only gets their own).
   */
  public Page<T> list(Caller caller, Optional<UserId> owner, PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    owner.ifPresent(id -> filters.put("owner_id", id.value()));
    return list(caller, filters, page);
  }

  /**
   * A page of the rows the caller may see whose columns equal the given values, or compare with
   * them when the key says so ({@code "created_at >="}; keys are code, never user input).
   */
  protected Page<T> list(Caller caller, Map<String, Object> filters, PageRequest page) {
    return list(caller, filters, page, columns, mapper);
  }

  /**
   * The same page read as other rows: {@code columns} ({@code *} or plain identifiers) mapped by
   * {@code mapper}, for a list that needs less than the whole row.
   */
  protected <S> Page<S> list(
      Caller caller,
      Map<String, Object> filters,
      PageRequest page,
      String columns,
      RowMapper<S> mapper) {
    return list(caller, filters, page, orderBy, columns, mapper);
  }

  /** The same page in another order ({@code orderBy} is code, plain identifiers). */
  protected <S> Page<S> list(
      Caller caller,
      Map<String, Object> filters,
      PageRequest page,
      String orderBy,
      String columns,
      RowMapper<S> mapper) {
    if (!COLUMNS.matcher(columns).matches()) {
      throw new IllegalArgumentException("columns must be * or plain identifiers");
    }
    if (!ORDER_BY.matcher(orderBy).matches()) {
      throw new IllegalArgumentException("orderBy must be plain identifiers");
    }
    Scope scope = Scope.of(caller);
    List<Object> params = new ArrayList<>(scope.params());
    String where = where(scope, filters, params);
    long total =
        jdbc.sql("SELECT COUNT(*) FROM " + table + where).params(params).query(Long.class).single();
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(page.size());
    pageParams.add(page.offset());
    List<S> items =
        jdbc.sql(
                "SELECT "
                    + columns
                    + " FROM "
                    + table
                    + where
                    + " ORDER BY "
                    + orderBy
                    + " LIMIT ? OFFSET ?")
            .params(pageParams)
            .query(mapper)
            .list();
    return Page.of(items, page, total);
  }

  /**
   * How many rows the caller may see, among those matching the filters (as {@link #list(Caller,
   * Map, PageRequest)}), by the value of {@code column}.
   */
  protected Map<String, Long> countBy(Caller caller, Map<String, Object> filters, String column) {
    if (!column.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a column: " + column);
    }
    Scope scope = Scope.of(caller);
    List<Object> params = new ArrayList<>(scope.params());
    String where = where(scope, filters, params);
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT "
                + column
                + " AS grouped, COUNT(*) AS counted FROM "
                + table
                + where
                + " GROUP BY "
                + column)
        .params(params)
        .query((row, n) -> counts.put(row.getString("grouped"), row.getLong("counted")))
        .list();
    return counts;
  }

  /** The WHERE clause of the caller's scope and the filters; their values go to {@code params}. */
  private static String where(Scope scope, Map<String, Object> filters, List<Object> params) {
    String where = " WHERE 1 = 1" + scope.and();
    for (Map.Entry<String, Object> filter : filters.entrySet()) {
      Matcher column = FILTER.matcher(filter.getKey());
      if (!column.matches()) {
        throw new IllegalArgumentException("not a column: " + filter.getKey());
      }
      if (" IN".equals(column.group(2))) {
        Collection<?> values = (Collection<?>) filter.getValue();
        if (values.isEmpty()) {
          where += " AND 1 = 0";
          continue;
        }
        where += " AND " + column.group(1) + " IN (" + "?, ".repeat(values.size() - 1) + "?)";
        params.addAll(values);
        continue;
      }
      where +=
          " AND " + column.group(1) + (column.group(2) == null ? " =" : column.group(2)) + " ?";
      params.add(filter.getValue());
    }
    return where;
  }

  /** Deletes the row if the caller may; false when there is no such row for this caller. */
  public boolean delete(Caller caller, Object id) {
    Scope scope = Scope.of(caller);
    return jdbc.sql("DELETE FROM " + table + " WHERE id = ?" + scope.and())
            .params(scope.params(id))
            .update()
        == 1;
  }

  /**
   * Runs an update of the row with {@code id} if the caller may change it. {@code assignments} is
   * the SQL SET list with {@code ?} placeholders for {@code values}.
   */
  protected boolean update(Caller caller, Object id, String assignments, Object... values) {
    return updateIf(caller, id, "1 = 1", assignments, values);
  }

  /**
   * The same, only while {@code condition} holds (SQL with {@code ?} placeholders, whose values
   * follow the assignments' in {@code values}): a compare-and-set, such as a revision check.
   */
  protected boolean updateIf(
      Caller caller, Object id, String condition, String assignments, Object... values) {
    Scope scope = Scope.of(caller);
    // Values may be null (a column set to NULL), which List.of refuses.
    List<Object> params = new ArrayList<>(java.util.Arrays.asList(values));
    params.addAll(scope.params(id));
    return jdbc.sql(
                "UPDATE "
                    + table
                    + " SET "
                    + assignments
                    + " WHERE ("
                    + condition
                    + ") AND id = ?"
                    + scope.and())
            .params(params)
            .update()
        == 1;
  }

  /** The owner predicate for one caller. */
  private record Scope(Optional<Long> owner) {
    static Scope of(Caller caller) {
      requireNonNull(caller, "caller is null");
      return new Scope(caller.isAdmin() ? Optional.empty() : Optional.of(caller.id().value()));
    }

    String and() {
      return owner.isPresent() ? " AND owner_id = ?" : "";
    }

    List<Object> params(Object... leading) {
      List<Object> params = new ArrayList<>(List.of(leading));
      owner.ifPresent(params::add);
      return params;
    }
  }
}
