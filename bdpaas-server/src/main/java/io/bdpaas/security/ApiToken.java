package io.bdpaas.security;

import static java.util.Objects.requireNonNull;

import io.bdpaas.tenancy.UserId;
import java.time.Instant;

/**
 * An API token as stored: never the secret itself, only its SHA-256 hash and a short prefix that
 * lets people recognise it.
 */
public record ApiToken(
    long id,
    UserId ownerId,
    String name,
    String prefix,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt) {
  public ApiToken {
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(name, "name is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
