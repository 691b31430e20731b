package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
  private Instant now = Instant.parse("2026-12-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final SignInThrottle throttle = new SignInThrottle(6, clock);

  @Test
  void anAddressGetsAMinutesAllowanceAtOnceThenOneAttemptPerShare() {
    for (int i = 0; i < 6; i++) {
      assertThat(throttle.tryAcquire("192.0.2.1")).isEmpty();
    }

    assertThat(throttle.tryAcquire("192.0.2.1")).contains(Duration.ofSeconds(10));
    assertThat(throttle.tryAcquire("192.0.2.2")).as("another address").isEmpty();
    now = now.plusSeconds(4);
    assertThat(throttle.tryAcquire("192.0.2.1")).contains(Duration.ofSeconds(6));
    now = now.plusSeconds(6);
    assertThat(throttle.tryAcquire("192.0.2.1")).isEmpty();
    assertThat(throttle.tryAcquire("192.0.2.1")).isPresent();
  }
}
