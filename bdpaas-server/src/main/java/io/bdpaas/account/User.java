package io.bdpaas.account;

import static java.util.Objects.requireNonNull;

import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.Role;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;

/**
 * A user account. The password hash stays inside the account package and security. {@code
 * credentialsVersion} grows whenever the password changes or the account is disabled: a session
 * signed in under an older version is over.
 */
public record User(
    UserId id,
    String username,
    String passwordHash,
    Role role,
    boolean enabled,
    int credentialsVersion,
    Quota quota,
    Instant createdAt,
    Instant updatedAt) {
  public User {
    requireNonNull(id, "id is null");
    requireNonNull(username, "username is null");
    requireNonNull(passwordHash, "passwordHash is null");
    requireNonNull(role, "role is null");
    requireNonNull(quota, "quota is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  public Caller asCaller() {
    return new Caller(id, username, role);
  }

  @Override
  public String toString() {
    return "User[" + id + ", " + username + ", " + role + (enabled ? "" : ", disabled") + "]";
  }
}
