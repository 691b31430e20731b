package io.bdpaas.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private static Throughput.Reading reading(
      String job, long millis, long processed, long emitted, Map<String, Long> vertexOut) {
    return new Throughput.Reading(job, T0.plusMillis(millis), processed, emitted, vertexOut);
  }

  @Test
  void ratesAreTheDifferenceOfTheTotalsOverTheTimeBetween() {
    Throughput.Rates rates =
        Throughput.between(
                reading("j", 0, 1_000, 900, Map.of("a", 5_000L, "b", 10L)),
                reading("j", 2_000, 5_000, 4_900, Map.of("a", 25_000L, "b", 10L)))
            .orElseThrow();

    assertThat(rates.processedPerSecond()).isCloseTo(2_000, within(1e-9));
    assertThat(rates.emittedPerSecond()).isCloseTo(2_000, within(1e-9));
    assertThat(rates.vertexOutPerSecond())
        .containsOnly(Map.entry("a", 10_000.0), Map.entry("b", 0.0));
  }

  @Test
  void aCounterGoingDownIsARestartNotANegativeRate() {
    assertThat(
            Throughput.between(
                reading("j", 0, 1_000_000, 1_000_000, Map.of()),
                reading("j", 2_000, 300, 1_000_001, Map.of())))
        .isEmpty();
    assertThat(
            Throughput.between(
                reading("j", 0, 10, 10, Map.of()), reading("j", 2_000, 11, 9, Map.of())))
        .isEmpty();
  }

  @Test
  void noRateAcrossJobsOrWithoutTimePassing() {
    assertThat(
            Throughput.between(
                reading("j1", 0, 1, 1, Map.of()), reading("j2", 2_000, 5, 5, Map.of())))
        .isEmpty();
    assertThat(
            Throughput.between(
                reading("j", 2_000, 1, 1, Map.of()), reading("j", 2_000, 5, 5, Map.of())))
        .isEmpty();
  }

  @Test
  void aVertexCounterThatWentDownOrIsNewHasNoRate() {
    Throughput.Rates rates =
        Throughput.between(
                reading("j", 0, 1, 1, Map.of("a", 100L)),
                reading("j", 1_000, 2, 2, Map.of("a", 50L, "b", 7L)))
            .orElseThrow();

    assertThat(rates.vertexOutPerSecond()).isEmpty();
    assertThat(rates.processedPerSecond()).isEqualTo(1.0);
  }
}
