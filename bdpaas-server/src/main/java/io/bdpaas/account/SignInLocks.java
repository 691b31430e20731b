package io.bdpaas.account;

import java.time.Instant;
import java.util.Optional;

/**
 * The locks that repeated failed sign-ins put on accounts, as administrators see and clear them.
 * Security keeps the locks; the account pages only read and lift them through this port.
 */
public interface SignInLocks {
  /** When the lock on this user name ends, if it is locked now. */
  Optional<Instant> lockedUntil(String username);

  /** Lifts the lock on this user name, and forgets its failed sign-ins. */
  void unlock(String username);
}
