package io.bdpaas.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often each client address may try to sign in: a token bucket per address that holds up to a
 * minute's allowance and refills evenly. Each attempt costs a password hash (tens of milliseconds
 * of CPU), so anonymous clients cannot take the machine by signing in. Kept in memory.
 */
public final class SignInThrottle {
  private static final int MAX_TRACKED_ADDRESSES = 100_000;

  private final int perMinute;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public SignInThrottle(int perMinute, Clock clock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be positive: " + perMinute);
    }
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /**
   * Takes one attempt from the address's allowance; answers how long to wait when there is none
   * left.
   */
  public Optional<Duration> tryAcquire(String address) {
    if (buckets.size() > MAX_TRACKED_ADDRESSES) {
      buckets.clear(); // bounded memory even under a flood of addresses
    }
    Bucket bucket = buckets.computeIfAbsent(address, any -> new Bucket(perMinute, clock.instant()));
    return bucket.take(clock.instant(), perMinute);
  }

  private static final class Bucket {
    private double tokens;
    private Instant refilled;

    Bucket(double tokens, Instant refilled) {
      this.tokens = tokens;
      this.refilled = refilled;
    }

    synchronized Optional<Duration> take(Instant now, int perMinute) {
      double perMilli = perMinute / 60_000.0;
      long elapsed = Math.max(0, Duration.between(refilled, now).toMillis());
      tokens = Math.min(perMinute, tokens + elapsed * perMilli);
      refilled = now;
      if (tokens >= 1) {
        tokens -= 1;
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis((long) Math.ceil((1 - tokens) / perMilli)));
    }
  }
}
