package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

/** An operating-system account nodes run as: its name and numeric user and group ids. */
public record OsAccount(String name, int uid, int gid) {
  public OsAccount {
    requireNonNull(name, "name is null");
    if (uid <= 0 || gid <= 0) {
      throw new IllegalArgumentException("a tenant account is never root: " + name);
    }
  }
}
