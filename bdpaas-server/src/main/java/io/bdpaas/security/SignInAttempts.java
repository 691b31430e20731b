package io.bdpaas.security;

import io.bdpaas.account.SignInLocks;
import io.bdpaas.settings.BdpaasSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name and client address, for the console form and the token login
 * alike, and locks the name for that address for a while after too many in a row, so that passwords
 * cannot be guessed at speed. The lock is per address so that it cannot be used to keep the owner
 * out: guesses from one address lock out only that address. A successful sign-in clears the count
 * of its address. Kept in memory: a restart forgets it.
 */
@Component
public class SignInAttempts implements SignInLocks {
  private static final Logger log = LoggerFactory.getLogger(SignInAttempts.class);
  private static final int MAX_TRACKED_NAMES = 100_000;

  private final int maxFailures;
  private final Duration lockout;
  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  @Autowired
  public SignInAttempts(BdpaasSettings settings) {
    this(settings.signInLimits(), Clock.systemUTC());
  }

  SignInAttempts(BdpaasSettings.SignInLimits limits, Clock clock) {
    this.maxFailures = limits.maxFailures();
    this.lockout = Duration.ofSeconds(limits.lockoutSeconds());
    this.clock = clock;
  }

  private record Failures(int count, Instant last) {}

  /** Whether sign-ins for this name from this address are refused right now. */
  public boolean isLocked(String username, String address) {
    Failures current = failures.get(key(username, address));
    return current != null
        && current.count() >= maxFailures
        && clock.instant().isBefore(current.last().plus(lockout));
  }

  /** When the last lock on this name ends, from whichever address it was locked; if locked now. */
  @Override
  public Optional<Instant> lockedUntil(String username) {
    String prefix = key(username, "");
    Instant now = clock.instant();
    return failures.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(prefix))
        .map(Map.Entry::getValue)
        .filter(current -> current.count() >= maxFailures)
        .map(current -> current.last().plus(lockout))
        .filter(now::isBefore)
        .max(Instant::compareTo);
  }

  /** Lifts the locks on this name from every address. */
  @Override
  public void unlock(String username) {
    String prefix = key(username, "");
    failures.keySet().removeIf(key -> key.startsWith(prefix));
  }

  @EventListener
  void onFailure(AuthenticationFailureBadCredentialsEvent event) {
    String username = String.valueOf(event.getAuthentication().getName());
    String address = addressOf(event.getAuthentication());
    if (failures.size() > MAX_TRACKED_NAMES) {
      failures.clear(); // bounded memory even under a flood of made-up names
    }
    Instant now = clock.instant();
    Failures updated =
        failures.merge(
            key(username, address),
            new Failures(1, now),
            (old, one) ->
                now.isAfter(old.last().plus(lockout)) ? one : new Failures(old.count() + 1, now));
    if (updated.count() == maxFailures) {
      log.warn(
          "[user {}] {} failed sign-ins in a row from {}: locked for {} s from that address",
          username,
          maxFailures,
          address,
          lockout.toSeconds());
    }
  }

  @EventListener
  void onSuccess(AuthenticationSuccessEvent event) {
    failures.remove(key(event.getAuthentication().getName(), addressOf(event.getAuthentication())));
  }

  /**
   * Refuses sign-ins of a locked name from a locked address before {@code provider} checks the
   * password, so that a locked guesser costs no password hashing either.
   */
  public AuthenticationProvider guarding(AuthenticationProvider provider) {
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication authentication) {
        if (isLocked(authentication.getName(), addressOf(authentication))) {
          throw new LockedException("too many failed sign-ins from this address");
        }
        return provider.authenticate(authentication);
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return provider.supports(authentication);
      }
    };
  }

  /** The client address a sign-in came from, as its web details hold it. */
  static String addressOf(Authentication authentication) {
    return authentication.getDetails() instanceof WebAuthenticationDetails details
            && details.getRemoteAddress() != null
        ? details.getRemoteAddress()
        : "unknown";
  }

  private static String key(String username, String address) {
    return (username == null ? "" : username.toLowerCase(Locale.ROOT)) + " from " + address;
  }
}
