package io.bdpaas.account;

import io.bdpaas.tenancy.Role;
import java.time.Instant;

/** A user as the API shows it: never the password hash. */
public record UserView(
    long id, String username, Role role, boolean enabled, Quota quota, Instant createdAt) {
  public static UserView of(User user) {
    return new UserView(
        user.id().value(),
        user.username(),
        user.role(),
        user.enabled(),
        user.quota(),
        user.createdAt());
  }
}
