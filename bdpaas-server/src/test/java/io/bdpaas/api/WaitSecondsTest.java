package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitSecondsTest {
  @Test
  void oneToSixtySecondsMayBeWaitedAndNothingElse() {
    assertThat(WaitSeconds.problem(1)).isEmpty();
    assertThat(WaitSeconds.problem(60)).isEmpty();
    for (int seconds : new int[] {0, -5, 61, Integer.MAX_VALUE}) {
      assertThat(WaitSeconds.problem(seconds))
          .hasValueSatisfying(
              problem -> {
                assertThat(problem.field()).isEqualTo("wait");
                assertThat(problem.message()).isEqualTo("must be between 1 and 60 seconds");
              });
    }
  }
}
