package io.bdpaas.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the sample jobs make of their arguments, before any Spark starts. */
class SampleArgumentsTest {
  @Test
  void sparkPiTakesTenSlicesUnlessToldFromOneToTenThousand() {
    assertThat(SparkPi.slices(new String[0])).isEqualTo(10);
    assertThat(SparkPi.slices(new String[] {" 250 "})).isEqualTo(250);
    assertThat(SparkPi.slices(new String[] {"10000"})).isEqualTo(10_000);

    for (String bad : new String[] {"0", "10001", "-3", "many", "1.5", ""}) {
      assertThatThrownBy(() -> SparkPi.slices(new String[] {bad}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("slices must be a whole number from 1 to 10000, not '" + bad.strip() + "'");
    }
    assertThatThrownBy(() -> SparkPi.slices(new String[] {"1", "2"}))
        .hasMessage("at most 1 argument(s), not 2: 1 2");
  }

  @Test
  void wordCountNeedsAFileAndPrintsTwentyWordsUnlessTold() {
    assertThat(WordCount.request(new String[] {"/data/sales.csv"}))
        .isEqualTo(new WordCount.Request("/data/sales.csv", 20));
    assertThat(WordCount.request(new String[] {"file:/data/notes.txt", "5"}))
        .isEqualTo(new WordCount.Request("file:/data/notes.txt", 5));

    assertThatThrownBy(() -> WordCount.request(new String[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the file is missing");
    assertThatThrownBy(() -> WordCount.request(new String[] {"a.txt", "0"}))
        .hasMessage("top must be a whole number from 1 to 10000, not '0'");
  }

  @Test
  void sleepingJobSleepsTenMinutesUnlessTold() {
    assertThat(SleepingJob.seconds(new String[0])).isEqualTo(600);
    assertThat(SleepingJob.seconds(new String[] {"3"})).isEqualTo(3);
    assertThatThrownBy(() -> SleepingJob.seconds(new String[] {"86401"}))
        .hasMessage("seconds must be a whole number from 1 to 86400, not '86401'");
  }
}
