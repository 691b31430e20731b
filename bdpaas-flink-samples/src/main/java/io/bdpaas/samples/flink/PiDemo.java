package io.bdpaas.samples.flink;

import io.bdpaas.samples.flink.pi.InsideCircle;
import io.bdpaas.samples.flink.pi.PiEstimate;
import io.bdpaas.samples.flink.pi.PiEstimator;
import io.bdpaas.samples.flink.pi.Point;
import io.bdpaas.samples.flink.pi.PointGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A streaming Monte Carlo estimate of Pi: random points of the unit square, of which the share
 * inside the quarter disc of radius 1 is Pi / 4. One running estimate over all points, in keyed
 * state under a single key (so that operator runs with parallelism 1), exposed as the gauges
 * {@value PiEstimator#ESTIMATE_GAUGE} and {@value PiEstimator#POINTS_GAUGE}, and emitted downstream
 * every {@code emitEvery} points.
 *
 * <p>Properties: {@code rate} points per second (default {@value #DEFAULT_RATE}, 0 for as fast as
 * it goes) and {@code emitEvery} (default {@value #DEFAULT_EMIT_EVERY}). Checkpointing and restarts
 * are the cluster's settings; the parallelism of the source and the classifier is the submission's.
 */
public final class PiDemo {
  static final String JOB_NAME = "pi-demo";
  static final double DEFAULT_RATE = 10_000;
  static final long DEFAULT_EMIT_EVERY = 10_000;

  private PiDemo() {}

  /** The application's properties. */
  record Options(double rate, long emitEvery) {
    static Options from(String[] args) {
      DemoArguments arguments = DemoArguments.of(args);
      return new Options(
          arguments.nonNegativeNumber("rate", DEFAULT_RATE),
          arguments.wholeNumber("emitEvery", DEFAULT_EMIT_EVERY, 1, Long.MAX_VALUE));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.from(args);
    StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment();
    build(environment, options);
    environment.execute(JOB_NAME);
  }

  static void build(StreamExecutionEnvironment environment, Options options) {
    DataGeneratorSource<Point> source =
        new DataGeneratorSource<>(
            new PointGenerator(),
            Long.MAX_VALUE,
            options.rate() == 0
                ? RateLimiterStrategy.noOp()
                : RateLimiterStrategy.perSecond(options.rate()),
            TypeInformation.of(Point.class));

    environment
        .fromSource(source, WatermarkStrategy.noWatermarks(), "random-points")
        .uid("random-points")
        .map(new InsideCircle())
        .name("classify")
        .uid("classify")
        .keyBy(PiEstimator::allPoints, Types.INT)
        .process(new PiEstimator(options.emitEvery()))
        .name("estimate")
        .uid("estimate")
        .setParallelism(1)
        .sinkTo(new DiscardingSink<PiEstimate>())
        .name("sink")
        .uid("sink")
        .setParallelism(1);
  }
}
