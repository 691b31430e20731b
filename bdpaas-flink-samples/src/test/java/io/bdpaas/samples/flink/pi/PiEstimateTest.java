package io.bdpaas.samples.flink.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PiEstimateTest {
  @Test
  void theSameIndexGivesTheSamePointInTheUnitSquare() {
    for (long index = 0; index < 1_000; index++) {
      Point point = PointGenerator.point(index);
      assertThat(point).isEqualTo(new PointGenerator().map(index));
      assertThat(point.x()).isBetween(0.0, 1.0);
      assertThat(point.y()).isBetween(0.0, 1.0);
    }
    assertThat(PointGenerator.point(1)).isNotEqualTo(PointGenerator.point(2));
  }

  @Test
  void theShareOfPointsInsideTheQuarterDiscEstimatesPi() {
    InsideCircle insideCircle = new InsideCircle();
    long points = 1_000_000;
    long inside = 0;
    for (long index = 0; index < points; index++) {
      if (insideCircle.map(PointGenerator.point(index))) {
        inside++;
      }
    }

    // The standard error with a million random points is about 0.0016.
    assertThat(PiEstimate.of(points, inside).pi()).isCloseTo(Math.PI, within(0.01));
  }

  @Test
  void anEstimateOfNoPointsIsZero() {
    assertThat(PiEstimate.of(0, 0).pi()).isZero();
    assertThat(PiEstimate.of(4, 3).pi()).isEqualTo(3.0);
  }
}
