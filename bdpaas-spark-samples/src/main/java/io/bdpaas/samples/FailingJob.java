package io.bdpaas.samples;

import org.apache.spark.sql.SparkSession;

/**
 * Fails on purpose, for tests of failed runs: it starts Spark, so that the run is a Spark
 * application like any other, then throws an exception whose message is {@value #MESSAGE}.
 */
public final class FailingJob {
  static final String MESSAGE = "this sample job fails on purpose";

  private FailingJob() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("FailingJob").getOrCreate();
    try {
      throw new IllegalStateException(MESSAGE);
    } finally {
      spark.stop();
    }
  }
}
