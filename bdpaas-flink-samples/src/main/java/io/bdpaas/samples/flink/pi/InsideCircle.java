package io.bdpaas.samples.flink.pi;

import org.apache.flink.api.common.functions.MapFunction;

/** Whether each point lies inside the quarter disc. */
public final class InsideCircle implements MapFunction<Point, Boolean> {
  @Override
  public Boolean map(Point point) {
    return point.insideCircle();
  }
}
