package io.bdpaas.samples.flink.pi;

/** A point of the unit square [0, 1) &times; [0, 1). */
public record Point(double x, double y) {
  /** Whether the point lies in the quarter disc of radius 1 around the origin. */
  public boolean insideCircle() {
    return x * x + y * y <= 1;
  }
}
