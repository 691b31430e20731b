package io.bdpaas.samples.flink.pi;

import java.util.SplittableRandom;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Point {@code i} of the stream: random, but the same for the same {@code i} (a replay after a
 * failure).
 */
public final class PointGenerator implements GeneratorFunction<Long, Point> {
  @Override
  public Point map(Long index) {
    return point(index);
  }

  public static Point point(long index) {
    SplittableRandom random = new SplittableRandom(index);
    return new Point(random.nextDouble(), random.nextDouble());
  }
}
