package io.bdpaas.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  @Test
  void doublesTheBackoffUpToTheMaximum() {
    RestartPolicy policy =
        new RestartPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1));

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff(1000)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void rejectsInconsistentSettings() {
    assertThatThrownBy(
            () ->
                new RestartPolicy(-1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("maxConsecutiveRestarts");
    assertThatThrownBy(
            () -> new RestartPolicy(1, Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("initialBackoff must be positive");
    assertThatThrownBy(
            () -> new RestartPolicy(1, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("shorter than initialBackoff");
    assertThatThrownBy(() -> RestartPolicy.DEFAULT.backoff(0)).hasMessageContaining("attempt");
  }
}
