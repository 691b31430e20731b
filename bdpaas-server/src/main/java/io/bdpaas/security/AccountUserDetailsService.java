package io.bdpaas.security;

import io.bdpaas.account.UserStore;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Loads accounts for password login ({@link SignInAttempts} refuses locked-out addresses). */
@Component
public class AccountUserDetailsService implements UserDetailsService {
  private final UserStore users;

  public AccountUserDetailsService(UserStore users) {
    this.users = users;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return users
        .findByUsername(username)
        .map(AccountPrincipal::new)
        .orElseThrow(() -> new UsernameNotFoundException("no such user"));
  }
}
