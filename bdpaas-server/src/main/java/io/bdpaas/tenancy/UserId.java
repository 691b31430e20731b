package io.bdpaas.tenancy;

/** The identity of a user account, and so of a tenant: every domain row has an owner. */
public record UserId(long value) {
  public UserId {
    if (value <= 0) {
      throw new IllegalArgumentException("user id must be positive: " + value);
    }
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
