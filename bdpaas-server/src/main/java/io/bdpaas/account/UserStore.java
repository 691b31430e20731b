package io.bdpaas.account;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Role;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Persists user accounts. Only the account service and authentication use it. */
@Repository
public class UserStore {
  private static final int MAX_KNOWN_NAMES = 10_000;

  private final JdbcClient jdbc;
  private final Map<UserId, String> knownNames = new ConcurrentHashMap<>();

  public UserStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public User insert(String username, String passwordHash, Role role, Quota quota) {
    Instant now = Timestamps.now();
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO users (username, password_hash, role, enabled, quota_cores,"
                + " quota_memory_mb, quota_projects, created_at, updated_at)"
                + " VALUES (?, ?, ?, TRUE, ?, ?, ?, ?, ?)")
        .params(
            username,
            passwordHash,
            role.name(),
            quota.cores(),
            quota.memoryMb(),
            quota.projects(),
            Timestamps.toDatabase(now),
            Timestamps.toDatabase(now))
        .update(keys, "id");
    long id = keys.getKeyAs(Number.class).longValue();
    return new User(new UserId(id), username, passwordHash, role, true, 0, quota, now, now);
  }

  public Optional<User> findById(UserId id) {
    return jdbc.sql("SELECT * FROM users WHERE id = ?")
        .param(id.value())
        .query(this::map)
        .optional();
  }

  /**
   * The names of these users, in one query for those not asked before (for a page of resources that
   * shows owners). Names are kept: a user's name never changes.
   */
  public Map<UserId, String> usernames(Collection<UserId> ids) {
    Map<UserId, String> names = new HashMap<>();
    List<Long> unknown = new ArrayList<>();
    for (UserId id : ids) {
      String known = knownNames.get(id);
      if (known != null) {
        names.put(id, known);
      } else if (!unknown.contains(id.value())) {
        unknown.add(id.value());
      }
    }
    if (unknown.isEmpty()) {
      return names;
    }
    String marks = String.join(", ", Collections.nCopies(unknown.size(), "?"));
    jdbc.sql("SELECT id, username FROM users WHERE id IN (" + marks + ")")
        .params(new ArrayList<Object>(unknown))
        .query(
            (row, number) -> {
              UserId id = new UserId(row.getLong("id"));
              String name = row.getString("username");
              names.put(id, name);
              if (knownNames.size() >= MAX_KNOWN_NAMES) {
                knownNames.clear();
              }
              knownNames.put(id, name);
              return id;
            })
        .list();
    return names;
  }

  public Optional<User> findByUsername(String username) {
    return jdbc.sql("SELECT * FROM users WHERE username = ?")
        .param(username)
        .query(this::map)
        .optional();
  }

  public Page<User> list(PageRequest page) {
    long total = count();
    List<User> users =
        jdbc.sql("SELECT * FROM users ORDER BY username LIMIT ? OFFSET ?")
            .params(page.size(), page.offset())
            .query(this::map)
            .list();
    return Page.of(users, page, total);
  }

  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
  }

  public void update(User user) {
    jdbc.sql(
            "UPDATE users SET password_hash = ?, role = ?, enabled = ?, credentials_version = ?,"
                + " quota_cores = ?, quota_memory_mb = ?, quota_projects = ?, updated_at = ?"
                + " WHERE id = ?")
        .params(
            user.passwordHash(),
            user.role().name(),
            user.enabled(),
            user.credentialsVersion(),
            user.quota().cores(),
            user.quota().memoryMb(),
            user.quota().projects(),
            Timestamps.toDatabase(user.updatedAt()),
            user.id().value())
        .update();
  }

  private User map(ResultSet row, int rowNumber) throws SQLException {
    return new User(
        new UserId(row.getLong("id")),
        row.getString("username"),
        row.getString("password_hash"),
        Role.valueOf(row.getString("role")),
        row.getBoolean("enabled"),
        row.getInt("credentials_version"),
        new Quota(
            row.getInt("quota_cores"), row.getInt("quota_memory_mb"), row.getInt("quota_projects")),
        Timestamps.fromDatabase(row, "created_at"),
        Timestamps.fromDatabase(row, "updated_at"));
  }
}
