package io.bdpaas.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineMessagesTest {
  @Test
  void aPlainMessageStaysAsItIs() {
    assertThat(EngineMessages.readable("Only Jar files are allowed."))
        .isEqualTo("Only Jar files are allowed.");
  }

  @Test
  void keepsTheFirstLineAndTheCausesWithoutStackFrames() {
    String trace =
        """
        java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: An Exception occurred while triggering the checkpoint. IO-problem detected.
        \tat java.base/java.util.concurrent.CompletableFuture.encodeRelay(CompletableFuture.java:368)
        \t... 27 more
        Caused by: org.apache.flink.runtime.checkpoint.CheckpointException: An Exception occurred while triggering the checkpoint. IO-problem detected.
        \tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.lambda$startTriggeringCheckpoint$9(CheckpointCoordinator.java:690)
        \tSuppressed: java.lang.IllegalStateException: closing
        \t\tat org.apache.flink.Foo.close(Foo.java:1)
        Caused by: java.io.IOException: Failed to create savepoint directory at file:/proc/forbidden/sp
        \tat org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess.initializeLocationForSavepoint(AbstractFsCheckpointStorageAccess.java:148)
        \t... 9 more
        """;

    assertThat(EngineMessages.readable(trace))
        .isEqualTo(
            """
            java.util.concurrent.CompletionException: \
            org.apache.flink.runtime.checkpoint.CheckpointException: An Exception occurred while \
            triggering the checkpoint. IO-problem detected.
            Caused by: java.io.IOException: Failed to create savepoint directory at \
            file:/proc/forbidden/sp""");
  }

  @Test
  void aMessageOverSeveralLinesKeepsItsLines() {
    String trace =
        """
        org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: bad options
          --topic is required
          --brokers is required
        \tat org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:373)
        """;

    assertThat(EngineMessages.readable(trace))
        .isEqualTo(
            """
            org.apache.flink.client.program.ProgramInvocationException: The main method caused an \
            error: bad options
              --topic is required
              --brokers is required""");
  }

  @Test
  void aHugeMessageIsCut() {
    String readable = EngineMessages.readable("x".repeat(10_000));

    assertThat(readable).hasSize(EngineMessages.MAX_LENGTH).endsWith("…");
  }
}
