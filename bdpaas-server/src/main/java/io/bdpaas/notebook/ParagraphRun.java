package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last run of a paragraph: where it stands, with what parameter values it ran, and what it gave
 * (the columns and row count of its result, whose rows are kept in a file; or the engine's error).
 *
 * @param runId names this run; Spark jobs of the run carry it as their tag
 * @param arguments the values its parameters were bound to
 * @param truncated whether the result had more rows than the platform keeps
 */
public record ParagraphRun(
    NotebookId notebookId,
    ParagraphId paragraphId,
    String runId,
    UserId ownerId,
    Status status,
    Map<String, String> arguments,
    Optional<EngineError> error,
    List<Column> columns,
    long rowCount,
    boolean truncated,
    Instant queuedAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt) {

  public ParagraphRun {
    requireNonNull(notebookId, "notebookId is null");
    requireNonNull(paragraphId, "paragraphId is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(status, "status is null");
    arguments = Map.copyOf(arguments);
    requireNonNull(error, "error is null");
    columns = List.copyOf(columns);
    requireNonNull(queuedAt, "queuedAt is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
  }

  /** A run waiting for its turn (paragraphs of one notebook run one at a time, in order). */
  public static ParagraphRun queued(
      NotebookId notebook,
      ParagraphId paragraph,
      String runId,
      UserId owner,
      Map<String, String> arguments,
      Instant now) {
    return new ParagraphRun(
        notebook,
        paragraph,
        runId,
        owner,
        Status.QUEUED,
        arguments,
        Optional.empty(),
        List.of(),
        0,
        false,
        now,
        Optional.empty(),
        Optional.empty());
  }

  /** The same run, started now. */
  public ParagraphRun started(Instant now) {
    return new ParagraphRun(
        notebookId,
        paragraphId,
        runId,
        ownerId,
        Status.RUNNING,
        arguments,
        Optional.empty(),
        List.of(),
        0,
        false,
        queuedAt,
        Optional.of(now),
        Optional.empty());
  }

  /** The same run, ended now: with its result's columns and rows, or its error. */
  public ParagraphRun ended(
      Status status,
      Optional<EngineError> error,
      List<Column> columns,
      long rows,
      boolean truncated,
      Instant now) {
    return new ParagraphRun(
        notebookId,
        paragraphId,
        runId,
        ownerId,
        status,
        arguments,
        error,
        columns,
        rows,
        truncated,
        queuedAt,
        startedAt,
        Optional.of(now));
  }

  public boolean isActive() {
    return status == Status.QUEUED || status == Status.RUNNING;
  }

  /** Where a run stands. */
  public enum Status {
    QUEUED,
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A column of a result, with its Spark SQL type as Spark writes it ({@code bigint}). */
  public record Column(String name, String type) {}

  /**
   * What went wrong, as the engine said it: its message (never a stack trace), its error condition
   * and SQL state when it gave them, and where in the paragraph's text (1-based line and column).
   */
  public record EngineError(
      String message,
      Optional<String> condition,
      Optional<String> sqlState,
      Optional<Integer> line,
      Optional<Integer> column,
      Optional<String> fragment) {
    public static EngineError of(String message) {
      return new EngineError(
          message,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }
}
