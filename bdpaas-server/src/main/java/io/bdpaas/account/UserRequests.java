package io.bdpaas.account;

import io.bdpaas.tenancy.Role;

/**
 * Bodies of the user-management requests. Fields are nullable: the service names what's missing.
 */
public final class UserRequests {
  private UserRequests() {}

  /** A new account; role defaults to USER and quota to the platform default. */
  public record Create(String username, String password, Role role, QuotaBody quota) {}

  /** Changes to an account; only the given fields change. */
  public record Update(Boolean enabled, Role role, QuotaBody quota, String password) {}

  /** A quota as sent by a client, checked by {@link Quota#check}. */
  public record QuotaBody(Integer cores, Integer memoryMb, Integer projects) {}

  /** A user's own password change. */
  public record ChangePassword(String currentPassword, String newPassword) {}
}
