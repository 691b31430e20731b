package io.bdpaas.security;

import io.bdpaas.api.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} to sign-ins (the console form and the token login) from an
 * address that has used its allowance, before the body is read or a password hashed.
 */
final class SignInThrottleFilter extends OncePerRequestFilter {
  private final SignInThrottle throttle;
  private final ProblemWriter problems;

  SignInThrottleFilter(SignInThrottle throttle, ProblemWriter problems) {
    this.throttle = throttle;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !"POST".equals(request.getMethod())
        || !(path.equals("/login") || path.equals("/api/v1/auth/token"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Duration> wait = throttle.tryAcquire(request.getRemoteAddr());
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      problems.write(
          request,
          response,
          ErrorCode.TOO_MANY_REQUESTS,
          "Too many sign-in attempts from your address; try again in " + seconds + " s");
      return;
    }
    chain.doFilter(request, response);
  }
}
