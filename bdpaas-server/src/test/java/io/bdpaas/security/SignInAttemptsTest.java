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

class SignInAttemptsTest {
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
      new SignInAttempts(new BdpaasSettings.SignInLimits(3, 60), clock);

  @Test
  void locksANameAfterTooManyFailuresInARowAndUnlocksLater() {
    fail("alice");
    fail("Alice");
    assertThat(attempts.isLocked("alice")).isFalse();

    fail("alice");

    assertThat(attempts.isLocked("alice")).isTrue();
    assertThat(attempts.isLocked("bob")).isFalse();
    now = now.plus(Duration.ofSeconds(61));
    assertThat(attempts.isLocked("alice")).isFalse();
  }

  @Test
  void aSuccessfulSignInClearsTheCount() {
    fail("carol");
    fail("carol");
    attempts.onSuccess(
        new AuthenticationSuccessEvent(
            UsernamePasswordAuthenticationToken.authenticated("carol", null, java.util.List.of())));
    fail("carol");

    assertThat(attempts.isLocked("carol")).isFalse();
  }

  @Test
  void failuresFarApartDoNotAddUp() {
    fail("dave");
    fail("dave");
    now = now.plus(Duration.ofMinutes(5));
    fail("dave");

    assertThat(attempts.isLocked("dave")).isFalse();
  }

  private void fail(String username) {
    attempts.onFailure(
        new AuthenticationFailureBadCredentialsEvent(
            UsernamePasswordAuthenticationToken.unauthenticated(username, "wrong"),
            new BadCredentialsException("bad")));
  }
}
