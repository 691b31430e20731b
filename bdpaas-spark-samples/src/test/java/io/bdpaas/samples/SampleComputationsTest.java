package io.bdpaas.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The plain-Java parts of the sample jobs' computations, which Spark runs in their tasks. */
class SampleComputationsTest {
  @Test
  void theDartsOfAnySlicesEstimatePiAsThreePointOneFour() {
    for (int slices : new int[] {1, 2, 3, SparkPi.DEFAULT_SLICES}) {
      long darts = slices * SparkPi.DARTS_PER_SLICE;
      long inside = LongStream.range(0, darts).filter(SparkPi::lands).count();
      double estimate = 4.0 * inside / darts;

      assertThat(estimate).as("%s slices", slices).isCloseTo(Math.PI, within(2e-4));
      assertThat(Double.toString(estimate)).startsWith("3.14");
    }
  }

  @Test
  void wordsAreRunsOfLettersAndDigitsLowerCased() {
    assertThat(WordCount.words("Région,Units;  hello HELLO-42\tzürich's \"x\""))
        .containsExactly("région", "units", "hello", "hello", "42", "zürich", "s", "x");
    assertThat(WordCount.words("2024-01-01,north,widget,3,9.5"))
        .containsExactly("2024", "01", "01", "north", "widget", "3", "9", "5");
    assertThat(WordCount.words("")).isEmpty();
    assertThat(WordCount.words(" ,;, ")).isEmpty();
  }
}
