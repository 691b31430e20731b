package io.bdpaas.tenancy;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.store.Timestamps;
import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Remembers, per user, which resource each idempotency key created and a fingerprint of the request
 * that carried it, for {@link #LIFETIME}. Every query names the owner: a key is only ever looked up
 * for the caller who sent it.
 */
@Repository
public class IdempotencyKeyStore {
  /** How long a key is remembered; a key used again later starts a new request. */
  public static final Duration LIFETIME = Duration.ofHours(24);

  private final JdbcClient jdbc;

  public IdempotencyKeyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims {@code key} for a request with {@code fingerprint} that would create {@code resourceId},
   * and answers the resource the key stands for: {@code resourceId} when the key is new, the
   * resource of the first request when this one repeats it.
   *
   * <p>The claim is written before the resource, so that a request interrupted in between (the
   * control plane killed) is completed by its retry under the same id, never duplicated.
   *
   * @throws BdpaasException when the key was used for a different request
   */
  public String claim(UserId owner, IdempotencyKey key, String fingerprint, String resourceId) {
    Instant now = Timestamps.now();
    jdbc.sql(
            "DELETE FROM idempotency_keys WHERE owner_id = ? AND idempotency_key = ? AND"
                + " created_at < ?")
        .params(owner.value(), key.value(), Timestamps.toDatabase(now.minus(LIFETIME)))
        .update();
    try {
      jdbc.sql(
              "INSERT INTO idempotency_keys (owner_id, idempotency_key, fingerprint, resource_id,"
                  + " created_at) VALUES (?, ?, ?, ?, ?)")
          .params(owner.value(), key.value(), fingerprint, resourceId, Timestamps.toDatabase(now))
          .update();
      return resourceId;
    } catch (DuplicateKeyException e) {
      Claimed earlier =
          jdbc.sql(
                  "SELECT fingerprint, resource_id FROM idempotency_keys WHERE owner_id = ? AND"
                      + " idempotency_key = ?")
              .params(owner.value(), key.value())
              .query(
                  (row, n) ->
                      new Claimed(row.getString("fingerprint"), row.getString("resource_id")))
              .single();
      if (!earlier.fingerprint().equals(fingerprint)) {
        throw new BdpaasException(
            ErrorCode.CONFLICT,
            IdempotencyKey.HEADER
                + " '"
                + key
                + "' was used in the last "
                + LIFETIME.toHours()
                + " hours for a different request; send a new key with a new request");
      }
      return earlier.resourceId();
    }
  }

  /** Forgets keys older than their lifetime; answers how many. */
  public int purgeExpired(Instant now) {
    return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < ?")
        .param(Timestamps.toDatabase(now.minus(LIFETIME)))
        .update();
  }

  private record Claimed(String fingerprint, String resourceId) {}
}
