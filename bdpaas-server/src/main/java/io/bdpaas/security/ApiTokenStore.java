package io.bdpaas.security;

import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Persists API tokens, owned by their user and scoped like every other owned row. */
@Repository
public class ApiTokenStore extends TenantScopedStore<ApiToken> {

  public ApiTokenStore(JdbcClient jdbc) {
    super(jdbc, "api_tokens", ApiTokenStore::map, "created_at DESC, id DESC");
  }

  ApiToken insert(UserId owner, String name, String hash, String prefix, Instant expiresAt) {
    Instant now = Timestamps.now();
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO api_tokens (owner_id, name, token_hash, token_prefix, created_at,"
                + " expires_at) VALUES (?, ?, ?, ?, ?, ?)")
        .params(
            owner.value(),
            name,
            hash,
            prefix,
            Timestamps.toDatabase(now),
            Timestamps.toDatabase(expiresAt))
        .update(keys, "id");
    return new ApiToken(
        keys.getKeyAs(Number.class).longValue(), owner, name, prefix, now, expiresAt, null);
  }

  /** How many of the owner's tokens have not expired at {@code now}. */
  long countUnexpired(UserId owner, Instant now) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM api_tokens WHERE owner_id = ? AND (expires_at IS NULL OR"
                + " expires_at > ?)")
        .params(owner.value(), Timestamps.toDatabase(now))
        .query(Long.class)
        .single();
  }

  /**
   * The token with this hash, whoever owns it. Used only to authenticate a request, before any
   * caller is known; everything else goes through the scoped methods.
   */
  Optional<ApiToken> findByHashForAuthentication(String hash) {
    return jdbc.sql("SELECT * FROM api_tokens WHERE token_hash = ?")
        .param(hash)
        .query(ApiTokenStore::map)
        .optional();
  }

  /** Deletes every token of {@code owner} but the one with hash {@code kept}; returns how many. */
  int deleteAllOwnedBy(UserId owner, Optional<String> kept) {
    return kept.isPresent()
        ? jdbc.sql("DELETE FROM api_tokens WHERE owner_id = ? AND token_hash <> ?")
            .params(owner.value(), kept.get())
            .update()
        : jdbc.sql("DELETE FROM api_tokens WHERE owner_id = ?").param(owner.value()).update();
  }

  void recordUse(long id, Instant when) {
    jdbc.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
        .params(Timestamps.toDatabase(when), id)
        .update();
  }

  private static ApiToken map(ResultSet row, int rowNumber) throws SQLException {
    return new ApiToken(
        row.getLong("id"),
        new UserId(row.getLong("owner_id")),
        row.getString("name"),
        row.getString("token_prefix"),
        Timestamps.fromDatabase(row, "created_at"),
        Timestamps.fromDatabase(row, "expires_at"),
        Timestamps.fromDatabase(row, "last_used_at"));
  }
}
