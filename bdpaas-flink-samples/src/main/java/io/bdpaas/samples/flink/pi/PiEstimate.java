package io.bdpaas.samples.flink.pi;

/** The running estimate: {@code inside} of {@code points} points fell in the quarter disc. */
public record PiEstimate(long points, long inside, double pi) {
  public static PiEstimate of(long points, long inside) {
    return new PiEstimate(points, inside, points == 0 ? 0 : 4.0 * inside / points);
  }
}
