package io.bdpaas.security;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks on every session-authenticated request that the account still exists and is enabled, and
 * that its password has not changed since the session signed in, and picks up role changes, so that
 * disabling a user or changing their password takes effect on their open sessions at once.
 */
final class ActiveAccountFilter extends OncePerRequestFilter {
  private final UserStore users;

  ActiveAccountFilter(UserStore users) {
    this.users = users;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null
        && authentication.getPrincipal() instanceof AccountPrincipal principal
        && !ApiTokenAuthenticationFilter.hasBearerToken(request)) {
      Optional<User> user =
          users
              .findById(principal.caller().id())
              .filter(User::enabled)
              .filter(u -> u.credentialsVersion() == principal.credentialsVersion());
      HttpSession session = request.getSession(false);
      if (user.isEmpty()) {
        SecurityContextHolder.clearContext();
        if (session != null) {
          session.invalidate();
        }
      } else if (user.get().role() != principal.caller().role()) {
        refresh(user.get(), session);
      }
    }
    chain.doFilter(request, response);
  }

  /**
   * Replaces the signed-in principal of this request, and of its session if any, by {@code user}.
   */
  static void refresh(User user, HttpSession session) {
    AccountPrincipal refreshed = new AccountPrincipal(user);
    refreshed.eraseCredentials();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            refreshed, null, refreshed.getAuthorities()));
    SecurityContextHolder.setContext(context);
    if (session != null) {
      session.setAttribute(
          HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
    }
  }
}
