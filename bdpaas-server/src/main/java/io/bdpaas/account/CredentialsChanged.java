package io.bdpaas.account;

import static java.util.Objects.requireNonNull;

/**
 * Published, inside the changing transaction, when a user's password changed or their account was
 * disabled: every API token and every other session of theirs must stop working. {@code user} is
 * the account as changed, with its new credentials version.
 */
public record CredentialsChanged(User user) {
  public CredentialsChanged {
    requireNonNull(user, "user is null");
  }
}
