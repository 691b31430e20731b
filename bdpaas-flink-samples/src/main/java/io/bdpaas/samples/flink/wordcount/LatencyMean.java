package io.bdpaas.samples.flink.wordcount;

/**
 * The mean of the latencies recorded in the last whole second of wall-clock time that had any: a
 * gauge value that neither depends on the record rate (as a moving average's weight would) nor
 * jitters record by record. Recorded by one thread; read by any.
 */
final class LatencyMean {
  private static final long WINDOW_MILLIS = 1_000;

  private long windowStart;
  private long sum;
  private long count;
  private volatile double lastMean;

  void record(long nowMillis, long latencyMillis) {
    if (count == 0 || nowMillis - windowStart >= WINDOW_MILLIS) {
      if (count > 0) {
        lastMean = (double) sum / count;
      }
      windowStart = nowMillis;
      sum = 0;
      count = 0;
    }
    sum += latencyMillis;
    count++;
  }

  /** The mean of the last whole second that had latencies, or 0 before the first one ended. */
  double lastMean() {
    return lastMean;
  }
}
