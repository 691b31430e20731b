package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.settings.BdpaasSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class SignInAttemptsTest {
  private static final String ADDRESS = "198.51.100.7";
  private Instant now = Instant.parse("2026-11-22T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final SignInAttempts attempts =
      new SignInAttempts(new BdpaasSettings.SignInLimits(3, 60, 20), clock);

  @Test
  void locksANameAfterTooManyFailuresInARowAndUnlocksLater() {
    fail("alice");
    fail("Alice");
    assertThat(attempts.isLocked("alice", ADDRESS)).isFalse();

    fail("alice");

    assertThat(attempts.isLocked("alice", ADDRESS)).isTrue();
    assertThat(attempts.isLocked("bob", ADDRESS)).isFalse();
    now = now.plus(Duration.ofSeconds(61));
    assertThat(attempts.isLocked("alice", ADDRESS)).isFalse();
  }

  @Test
  void aSuccessfulSignInClearsTheCount() {
    fail("carol");
    fail("carol");
    UsernamePasswordAuthenticationToken success =
        UsernamePasswordAuthenticationToken.authenticated("carol", null, java.util.List.of());
    success.setDetails(new WebAuthenticationDetails(ADDRESS, null));
    attempts.onSuccess(new AuthenticationSuccessEvent(success));
    fail("carol");

    assertThat(attempts.isLocked("carol", ADDRESS)).isFalse();
  }

  @Test
  void failuresFarApartDoNotAddUp() {
    fail("dave");
    fail("dave");
    now = now.plus(Duration.ofMinutes(5));
    fail("dave");

    assertThat(attempts.isLocked("dave", ADDRESS)).isFalse();
  }

  @Test
  void guessesLockOutOnlyTheAddressTheyCameFrom() {
    fail("erin", "203.0.113.9");
    fail("erin", "203.0.113.9");
    fail("erin", "203.0.113.9");

    assertThat(attempts.isLocked("erin", "203.0.113.9")).isTrue();
    assertThat(attempts.isLocked("erin", ADDRESS)).isFalse();
  }

  private void fail(String username) {
    fail(username, ADDRESS);
  }

  private void fail(String username, String address) {
    UsernamePasswordAuthenticationToken attempt =
        UsernamePasswordAuthenticationToken.unauthenticated(username, "wrong");
    attempt.setDetails(new WebAuthenticationDetails(address, null));
    attempts.onFailure(
        new AuthenticationFailureBadCredentialsEvent(attempt, new BadCredentialsException("bad")));
  }
}
