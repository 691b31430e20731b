package io.bdpaas.security;

import io.bdpaas.account.UserStore;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Loads accounts for password login. */
@Component
public class AccountUserDetailsService implements UserDetailsService {
  private final UserStore users;
  private final SignInAttempts attempts;

  public AccountUserDetailsService(UserStore users, SignInAttempts attempts) {
    this.users = users;
    this.attempts = attempts;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return users
        .findByUsername(username)
        .map(user -> new AccountPrincipal(user, attempts.isLocked(username)))
        .orElseThrow(() -> new UsernameNotFoundException("no such user"));
  }
}
