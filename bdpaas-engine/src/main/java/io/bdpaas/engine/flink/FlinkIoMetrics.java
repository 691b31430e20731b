package io.bdpaas.engine.flink;

/**
 * Records and bytes a job vertex or subtask exchanged with other tasks, from the {@code metrics} of
 * {@code /jobs/:jobid} and {@code /jobs/:jobid/vertices/:vertexid}. A source reads no records from
 * another task and a sink writes none, so their counts there stay 0.
 */
public record FlinkIoMetrics(long readRecords, long writeRecords, long readBytes, long writeBytes) {
  public static final FlinkIoMetrics NONE = new FlinkIoMetrics(0, 0, 0, 0);
}
