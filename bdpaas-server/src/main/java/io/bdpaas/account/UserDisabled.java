package io.bdpaas.account;

import static java.util.Objects.requireNonNull;

import io.bdpaas.tenancy.Caller;

/**
 * An administrator disabled a user: what the user runs is stopped (their projects' clusters and
 * their other clusters); nothing of theirs is deleted.
 *
 * @param by the administrator who disabled the user
 */
public record UserDisabled(User user, Caller by) {
  public UserDisabled {
    requireNonNull(user, "user is null");
    requireNonNull(by, "by is null");
  }
}
