package io.bdpaas.samples.flink.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyMeanTest {
  @Test
  void isTheMeanOfTheLastWholeSecond() {
    LatencyMean mean = new LatencyMean();

    mean.record(10_000, 10);
    mean.record(10_400, 30);
    assertThat(mean.lastMean()).isZero();

    mean.record(11_000, 100);
    assertThat(mean.lastMean()).isEqualTo(20.0);

    mean.record(15_000, 7);
    assertThat(mean.lastMean()).isEqualTo(100.0);
  }
}
