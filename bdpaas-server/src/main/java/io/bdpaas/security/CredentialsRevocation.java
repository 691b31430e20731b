package io.bdpaas.security;

import io.bdpaas.account.CredentialsChanged;
import io.bdpaas.account.User;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Ends the other ways into an account whose password changed or which was disabled: its API tokens
 * are revoked here, its sessions end at their next request ({@link ActiveAccountFilter} compares
 * credentials versions). The session or token that made the change is the one exception: when a
 * user changed their own password, it stays signed in (a session moves to the new version).
 */
@Component
class CredentialsRevocation {
  private static final Logger log = LoggerFactory.getLogger(CredentialsRevocation.class);

  private final ApiTokenStore tokens;

  CredentialsRevocation(ApiTokenStore tokens) {
    this.tokens = tokens;
  }

  @EventListener
  void onCredentialsChanged(CredentialsChanged event) {
    User user = event.user();
    int revoked = tokens.deleteAllOwnedBy(user.id(), tokenOfThisRequestSignedInAs(user));
    log.info(
        "[user {}] credentials changed: {} API token(s) revoked, other sessions end",
        user.username(),
        revoked);
    if (user.enabled()) {
      sessionSignedInAs(user).ifPresent(session -> ActiveAccountFilter.refresh(user, session));
    }
  }

  /** The hash of the token the request being served used, when it is signed in as {@code user}. */
  private static Optional<String> tokenOfThisRequestSignedInAs(User user) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (user.enabled()
        && authentication != null
        && authentication.getPrincipal() instanceof AccountPrincipal principal
        && principal.caller().id().equals(user.id())
        && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current
        && current.getRequest().getAttribute(ApiTokenAuthenticationFilter.TOKEN_HASH)
            instanceof String hash) {
      return Optional.of(hash);
    }
    return Optional.empty();
  }

  /** The session of the request being served, when it is signed in as {@code user}. */
  private static Optional<HttpSession> sessionSignedInAs(User user) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null
        && authentication.getPrincipal() instanceof AccountPrincipal principal
        && principal.caller().id().equals(user.id())
        && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current
        && !ApiTokenAuthenticationFilter.hasBearerToken(current.getRequest())) {
      return Optional.ofNullable(current.getRequest().getSession(false));
    }
    return Optional.empty();
  }
}
