package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

/**
 * Where a savepoint operation (triggered alone or by stop-with-savepoint) stands, from {@code
 * /jobs/:jobid/savepoints/:triggerid}.
 */
public sealed interface FlinkSavepointStatus {
  /** Flink is still writing the savepoint. */
  record InProgress() implements FlinkSavepointStatus {}

  /** The savepoint is written; {@code location} is what a later run restores from. */
  record Completed(String location) implements FlinkSavepointStatus {
    public Completed {
      requireNonNull(location, "location is null");
    }
  }

  /** The operation ended without a savepoint; {@code reason} is Flink's readable explanation. */
  record Failed(String reason) implements FlinkSavepointStatus {
    public Failed {
      requireNonNull(reason, "reason is null");
    }
  }
}
