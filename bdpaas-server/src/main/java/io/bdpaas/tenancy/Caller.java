package io.bdpaas.tenancy;

import static java.util.Objects.requireNonNull;

/**
 * Who is making the current request. Every store read or write of owned data takes a caller, so
 * tenant scoping cannot be forgotten.
 */
public record Caller(UserId id, String username, Role role) {
  public Caller {
    requireNonNull(id, "id is null");
    requireNonNull(username, "username is null");
    requireNonNull(role, "role is null");
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this caller may see or change something owned by {@code owner}. */
  public boolean canAccess(UserId owner) {
    return isAdmin() || id.equals(owner);
  }
}
