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
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name, for the console form and the token login alike, and locks
 * the name for a while after too many in a row, so that passwords cannot be guessed at speed. A
 * successful sign-in clears the count. Kept in memory: a restart forgets it.
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

  /** Whether sign-ins for this name are refused right now. */
  public boolean isLocked(String username) {
    Failures current = failures.get(key(username));
    return current != null
        && current.count() >= maxFailures
        && clock.instant().isBefore(current.last().plus(lockout));
  }

  @Override
  public Optional<Instant> lockedUntil(String username) {
    Failures current = failures.get(key(username));
    if (current == null || current.count() < maxFailures) {
      return Optional.empty();
    }
    Instant until = current.last().plus(lockout);
    return clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
  }

  @Override
  public void unlock(String username) {
    failures.remove(key(username));
  }

  @EventListener
  void onFailure(AuthenticationFailureBadCredentialsEvent event) {
    String username = String.valueOf(event.getAuthentication().getName());
    if (failures.size() > MAX_TRACKED_NAMES) {
      failures.clear(); // bounded memory even under a flood of made-up names
    }
    Instant now = clock.instant();
    Failures updated =
        failures.merge(
            key(username),
            new Failures(1, now),
            (old, one) ->
                now.isAfter(old.last().plus(lockout)) ? one : new Failures(old.count() + 1, now));
    if (updated.count() == maxFailures) {
      log.warn(
          "[user {}] {} failed sign-ins in a row: locked for {} s",
          username,
          maxFailures,
          lockout.toSeconds());
    }
  }

  @EventListener
  void onSuccess(AuthenticationSuccessEvent event) {
    failures.remove(key(event.getAuthentication().getName()));
  }

  private static String key(String username) {
    return username == null ? "" : username.toLowerCase(Locale.ROOT);
  }
}
