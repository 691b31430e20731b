package io.bdpaas.tenancy;

/** What a user may do: a USER sees their own things, an ADMIN sees and manages everything. */
public enum Role {
  USER,
  ADMIN
}
