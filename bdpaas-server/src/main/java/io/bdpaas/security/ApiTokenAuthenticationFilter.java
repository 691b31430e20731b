package io.bdpaas.security;

import io.bdpaas.account.User;
import io.bdpaas.api.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <token>}. A presented token that
 * is unknown, revoked, expired or whose owner is disabled ends the request with 401 at once.
 * Token-authenticated requests never create a session.
 */
final class ApiTokenAuthenticationFilter extends OncePerRequestFilter {
  static final String BEARER = "Bearer ";

  /** Request attribute: the hash of the token this request authenticated with. */
  static final String TOKEN_HASH = ApiTokenAuthenticationFilter.class.getName() + ".tokenHash";

  private final ApiTokenService tokens;
  private final ProblemWriter problems;

  ApiTokenAuthenticationFilter(ApiTokenService tokens, ProblemWriter problems) {
    this.tokens = tokens;
    this.problems = problems;
  }

  static boolean hasBearerToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!hasBearerToken(request)) {
      chain.doFilter(request, response);
      return;
    }
    String secret = request.getHeader(HttpHeaders.AUTHORIZATION).substring(BEARER.length()).strip();
    Optional<User> user = tokens.authenticate(secret);
    if (user.isEmpty()) {
      problems.write(
          request,
          response,
          ErrorCode.UNAUTHENTICATED,
          "The API token is invalid, expired or revoked, or its account is disabled");
      return;
    }
    request.setAttribute(TOKEN_HASH, ApiTokenService.hash(secret));
    AccountPrincipal principal = new AccountPrincipal(user.get());
    principal.eraseCredentials();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            principal, null, principal.getAuthorities()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
