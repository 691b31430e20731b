package io.bdpaas.account;

import io.bdpaas.tenancy.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * A user as the API shows it: never the password hash. {@code lockedUntil} is set while failed
 * sign-ins keep the account locked.
 */
public record UserView(
    long id,
    String username,
    Role role,
    boolean enabled,
    Quota quota,
    Instant createdAt,
    Instant lockedUntil) {
  public static UserView of(User user) {
    return of(user, Optional.empty());
  }

  public static UserView of(User user, Optional<Instant> lockedUntil) {
    return new UserView(
        user.id().value(),
        user.username(),
        user.role(),
        user.enabled(),
        user.quota(),
        user.createdAt(),
        lockedUntil.orElse(null));
  }
}
