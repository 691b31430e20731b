package io.bdpaas.security;

import io.bdpaas.tenancy.Caller;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the current request, for code that cannot take it as a parameter. */
public final class CurrentCaller {
  private CurrentCaller() {}

  public static Optional<Caller> find() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null && authentication.getPrincipal() instanceof AccountPrincipal p) {
      return Optional.of(p.caller());
    }
    return Optional.empty();
  }
}
