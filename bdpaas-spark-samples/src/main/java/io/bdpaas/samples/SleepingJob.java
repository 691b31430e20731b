package io.bdpaas.samples;

import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a Spark job whose tasks sleep, so that a test can stop or kill a run while it runs. Usage:
 * {@code SleepingJob [seconds]} (1 to 86,400, default 600). One task per core of the application
 * sleeps that long, all at once; it prints {@code sleeping N seconds in T tasks} first and {@code
 * slept N seconds} when done.
 */
public final class SleepingJob {
  static final String USAGE = "SleepingJob [seconds]   (seconds: 1 to 86400, default 600)";
  static final int DEFAULT_SECONDS = 600;
  static final int MAX_SECONDS = 86_400;

  private SleepingJob() {}

  public static void main(String[] args) {
    int seconds = Arguments.orExit(() -> seconds(args), USAGE);
    SparkSession spark = SparkSession.builder().appName("SleepingJob").getOrCreate();
    try {
      int tasks = spark.sparkContext().defaultParallelism();
      System.out.println("sleeping " + seconds + " seconds in " + tasks + " tasks");
      spark
          .range(0, tasks, 1, tasks)
          .foreach((ForeachFunction<Long>) task -> Thread.sleep(seconds * 1000L));
      System.out.println("slept " + seconds + " seconds");
    } finally {
      spark.stop();
    }
  }

  static int seconds(String[] args) {
    Arguments.atMost(args, 1);
    return Arguments.wholeNumber(args, 0, "seconds", DEFAULT_SECONDS, 1, MAX_SECONDS);
  }
}
