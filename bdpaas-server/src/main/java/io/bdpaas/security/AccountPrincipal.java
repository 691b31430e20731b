package io.bdpaas.security;

import static java.util.Objects.requireNonNull;

import io.bdpaas.account.User;
import io.bdpaas.tenancy.Caller;
import java.io.Serial;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The authenticated account as Spring Security holds it, for sessions and tokens alike. */
public final class AccountPrincipal implements UserDetails {
  @Serial private static final long serialVersionUID = 1L;

  private final Caller caller;
  private final boolean enabled;
  private final boolean locked;
  private final int credentialsVersion;
  private transient String passwordHash;

  AccountPrincipal(User user) {
    this(user, false);
  }

  AccountPrincipal(User user, boolean locked) {
    requireNonNull(user, "user is null");
    this.caller = user.asCaller();
    this.enabled = user.enabled();
    this.locked = locked;
    this.credentialsVersion = user.credentialsVersion();
    this.passwordHash = user.passwordHash();
  }

  public Caller caller() {
    return caller;
  }

  /** The user's credentials version when this principal signed in; see {@link User}. */
  int credentialsVersion() {
    return credentialsVersion;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return authorities(caller);
  }

  static List<GrantedAuthority> authorities(Caller caller) {
    return List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return caller.username();
  }

  @Override
  public boolean isAccountNonLocked() {
    return !locked;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  /** Drops the hash once authentication is done, so it never lives in a session. */
  void eraseCredentials() {
    passwordHash = null;
  }

  @Override
  public String toString() {
    return "AccountPrincipal[" + caller.username() + "]";
  }
}
