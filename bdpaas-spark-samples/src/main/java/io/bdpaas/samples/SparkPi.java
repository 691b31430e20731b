package io.bdpaas.samples;

import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Estimates Pi the Monte Carlo way: of darts thrown at the unit square, the share that lands in the
 * quarter disc of radius 1 is Pi / 4. Usage: {@code SparkPi [slices]}, the darts being thrown in
 * {@code slices} partitions (1 to 10,000, default 10) of {@value #DARTS_PER_SLICE} each. Prints
 * {@code Pi is roughly 3.14...}.
 *
 * <p>The darts are not drawn at random but spread evenly by a low-discrepancy sequence (Roberts'
 * R2, quasi-Monte Carlo): the estimate is the same on every run and every cluster, and from one
 * slice on it is Pi to within a few ten-thousandths (random darts are off by about 0.005 in one
 * slice of {@value #DARTS_PER_SLICE}).
 */
public final class SparkPi {
  static final String USAGE = "SparkPi [slices]   (slices: 1 to 10000, default 10)";
  static final int DEFAULT_SLICES = 10;
  static final int MAX_SLICES = 10_000;
  static final long DARTS_PER_SLICE = 100_000;
  // The real root of x^3 = x + 1, whose powers space the R2 sequence's coordinates.
  private static final double PLASTIC_NUMBER = 1.324717957244746;

  private SparkPi() {}

  public static void main(String[] args) {
    int slices = Arguments.orExit(() -> slices(args), USAGE);
    SparkSession spark = SparkSession.builder().appName("SparkPi").getOrCreate();
    try {
      System.out.println("Pi is roughly " + estimate(spark, slices));
    } finally {
      spark.stop();
    }
  }

  static int slices(String[] args) {
    Arguments.atMost(args, 1);
    return Arguments.wholeNumber(args, 0, "slices", DEFAULT_SLICES, 1, MAX_SLICES);
  }

  static double estimate(SparkSession spark, int slices) {
    long darts = slices * DARTS_PER_SLICE;
    long inside =
        spark.range(0, darts, 1, slices).filter((FilterFunction<Long>) SparkPi::lands).count();
    return 4.0 * inside / darts;
  }

  /** Whether dart {@code number} lands in the quarter disc. */
  static boolean lands(long number) {
    double x = fraction(0.5 + number / PLASTIC_NUMBER);
    double y = fraction(0.5 + number / (PLASTIC_NUMBER * PLASTIC_NUMBER));
    return x * x + y * y <= 1;
  }

  private static double fraction(double value) {
    return value - Math.floor(value);
  }
}
