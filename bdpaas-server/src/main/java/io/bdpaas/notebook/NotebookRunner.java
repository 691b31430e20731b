package io.bdpaas.notebook;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.project.ProjectId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.QueryContext;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.Dataset;
import org.apache.spark.sql.connect.SparkSession;
import org.apache.spark.sql.connect.client.SparkResult;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs SQL paragraphs on their project's Spark Connect server, in the platform: a run goes on when
 * the browser that started it is closed, and its state and result are kept for whoever opens the
 * notebook next. The paragraphs of one notebook run one at a time, in the order they were asked for
 * (as Zeppelin runs a note); notebooks run side by side on a bounded pool.
 *
 * <p>Each run tags its Spark operations with its run id, so that a cancel interrupts exactly them
 * ({@code interruptTag}) and Spark's jobs can be matched to the paragraph. A result keeps at most
 * {@link #MAX_ROWS} rows; the run says when there were more.
 */
@Component
public class NotebookRunner implements DisposableBean {
  static final int MAX_ROWS = 100_000;
  static final long MAX_RESULT_CHARS = 64L * 1024 * 1024;
  private static final int THREADS = 4;
  private static final Duration CLUSTER_WAIT = Duration.ofMinutes(5);
  private static final int MAX_MESSAGE = 4000;
  private static final Pattern LINE_POS = Pattern.compile("line (\\d+),? pos(?:ition)? (\\d+)");
  private static final Logger log = LoggerFactory.getLogger(NotebookRunner.class);

  private final ConnectSessions sessions;
  private final ParagraphRunStore runs;
  private final ResultFiles results;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, threads());
  private final Map<NotebookId, Deque<Work>> queues = new HashMap<>();
  private final Map<String, Work> active = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<ParagraphRun>> endings = new ConcurrentHashMap<>();

  public NotebookRunner(ConnectSessions sessions, ParagraphRunStore runs, ResultFiles results) {
    this.sessions = sessions;
    this.runs = runs;
    this.results = results;
  }

  /** Runs left queued or running by a platform that stopped end as failed, saying why. */
  @EventListener(ApplicationReadyEvent.class)
  public void failInterruptedRuns() {
    int failed = runs.failInterrupted(Timestamps.now());
    if (failed > 0) {
      log.info("{} paragraph runs were interrupted by the platform's restart", failed);
    }
  }

  /** One paragraph to run: what was asked, by whom, with which bound arguments. */
  public record Request(
      Caller caller, ProjectId project, Paragraph paragraph, Map<String, Object> arguments) {}

  /**
   * Queues the paragraphs of one notebook to run in order; if one fails or is cancelled, the rest
   * of this batch are cancelled too (as "run all" stops at the first error). None is queued if one
   * of them is queued or running already: this runner is where runs live, so it is the one that
   * knows.
   */
  public List<ParagraphRun> submit(NotebookId notebook, List<Request> requests) {
    Batch batch = new Batch();
    List<ParagraphRun> queued = new ArrayList<>();
    List<Work> works = new ArrayList<>();
    synchronized (queues) {
      for (Request request : requests) {
        ParagraphId paragraph = request.paragraph().id();
        active.values().stream()
            .filter(work -> work.run.notebookId().equals(notebook))
            .filter(work -> work.run.paragraphId().equals(paragraph))
            .findAny()
            .ifPresent(
                work -> {
                  throw new BdpaasException(
                      ErrorCode.CONFLICT,
                      "paragraph "
                          + paragraph
                          + " is already "
                          + (work.running ? "running" : "queued")
                          + ": cancel it or wait for it");
                });
      }
      for (Request request : requests) {
        Work work = new Work(queuedRun(notebook, request), request, batch);
        // Held from here, so that a second request for the same paragraph is refused above.
        active.put(work.run.runId(), work);
        endings.put(work.run.runId(), new CompletableFuture<>());
        works.add(work);
      }
    }
    try {
      works.forEach(work -> runs.put(work.run));
    } catch (RuntimeException e) {
      works.forEach(work -> forget(work.run.runId()));
      throw e;
    }
    works.forEach(work -> queued.add(work.run));
    synchronized (queues) {
      Deque<Work> queue = queues.get(notebook);
      boolean idle = queue == null;
      if (idle) {
        queue = new ArrayDeque<>();
        queues.put(notebook, queue);
      }
      queue.addAll(works);
      if (idle) {
        pool.execute(() -> drain(notebook));
      }
    }
    return queued;
  }

  private static ParagraphRun queuedRun(NotebookId notebook, Request request) {
    Map<String, String> shown = new LinkedHashMap<>();
    request.arguments().forEach((name, value) -> shown.put(name, String.valueOf(value)));
    return ParagraphRun.queued(
        notebook,
        request.paragraph().id(),
        newRunId(),
        request.caller().id(),
        shown,
        Timestamps.now());
  }

  private void forget(String runId) {
    active.remove(runId);
    endings.remove(runId);
  }

  /**
   * Cancels the run if it is queued or running: a queued one never starts, a running one is
   * interrupted on the engine. False if it is not active.
   */
  public boolean cancel(String runId) {
    Work work = active.get(runId);
    if (work == null) {
      return false;
    }
    work.cancelled = true;
    if (work.running) {
      sessions
          .existing(work.request.project())
          .ifPresent(spark -> spark.interruptTag(tagOf(work.run.runId())));
    }
    return true;
  }

  /** Completes with the run as it ended; empty if it is not queued or running (any more). */
  public Optional<CompletableFuture<ParagraphRun>> ending(String runId) {
    return Optional.ofNullable(endings.get(runId));
  }

  private void drain(NotebookId notebook) {
    while (true) {
      Work work;
      synchronized (queues) {
        Deque<Work> queue = queues.get(notebook);
        work = queue.poll();
        if (work == null) {
          queues.remove(notebook);
          return;
        }
      }
      try {
        run(work);
      } catch (Exception | LinkageError e) {
        log.warn("paragraph run {} failed unexpectedly", work.run.runId(), e);
        finish(work, ParagraphRun.Status.FAILED, Optional.of(engineError(e, work)), null);
      } finally {
        active.remove(work.run.runId());
      }
    }
  }

  private void run(Work work) {
    if (work.cancelled || work.batch.stopped) {
      finish(
          work,
          ParagraphRun.Status.CANCELLED,
          work.cancelled
              ? Optional.empty()
              : Optional.of(
                  ParagraphRun.EngineError.of(
                      "not run: an earlier paragraph failed or was cancelled")),
          null);
      return;
    }
    Optional<ConnectSessions.Target> target = awaitProject(work);
    if (target.isEmpty()) {
      return;
    }
    ParagraphRun started = work.run.started(Timestamps.now());
    work.run = started;
    runs.update(started);
    work.running = true;
    SparkSession spark = sessions.session(target.get());
    String tag = tagOf(work.run.runId());
    spark.clearTags();
    spark.addTag(tag);
    try {
      execute(spark, work);
    } catch (Exception | LinkageError e) {
      if (!work.cancelled && isSessionGone(e)) {
        sessions.forget(work.request.project());
      }
      finish(
          work,
          work.cancelled ? ParagraphRun.Status.CANCELLED : ParagraphRun.Status.FAILED,
          work.cancelled ? Optional.empty() : Optional.of(engineError(e, work)),
          null);
    } finally {
      work.running = false;
      spark.removeTag(tag);
    }
  }

  /** Waits, bounded, for the project's Connect server; false (run finished as failed) if none. */
  private Optional<ConnectSessions.Target> awaitProject(Work work) {
    long deadline = System.nanoTime() + CLUSTER_WAIT.toNanos();
    while (true) {
      ConnectSessions.Availability availability;
      try {
        availability = sessions.availability(work.request.caller(), work.request.project());
      } catch (RuntimeException e) {
        finish(
            work,
            ParagraphRun.Status.FAILED,
            Optional.of(ParagraphRun.EngineError.of("the project is gone")),
            null);
        return Optional.empty();
      }
      if (availability instanceof ConnectSessions.Availability.Ready ready) {
        return Optional.of(ready.target());
      }
      if (availability instanceof ConnectSessions.Availability.Unavailable unavailable) {
        finish(
            work,
            ParagraphRun.Status.FAILED,
            Optional.of(ParagraphRun.EngineError.of(unavailable.why())),
            null);
        return Optional.empty();
      }
      String why = ((ConnectSessions.Availability.Starting) availability).why();
      if (work.cancelled || System.nanoTime() > deadline) {
        finish(
            work,
            work.cancelled ? ParagraphRun.Status.CANCELLED : ParagraphRun.Status.FAILED,
            work.cancelled
                ? Optional.empty()
                : Optional.of(
                    ParagraphRun.EngineError.of(
                        why + " for " + CLUSTER_WAIT.toMinutes() + " minutes")),
            null);
        return Optional.empty();
      }
      sleep(Duration.ofSeconds(1));
    }
  }

  private void execute(SparkSession spark, Work work) throws Exception {
    Paragraph paragraph = work.request.paragraph();
    List<SqlScript.Statement> statements = SqlScript.statements(paragraph.text());
    if (statements.isEmpty()) {
      finish(
          work, ParagraphRun.Status.FINISHED, Optional.empty(), new Outcome(List.of(), 0, false));
      return;
    }
    Dataset<Row> bounded = null;
    for (int i = 0; i < statements.size(); i++) {
      if (work.cancelled) {
        finish(work, ParagraphRun.Status.CANCELLED, Optional.empty(), null);
        return;
      }
      SqlScript.Statement statement = statements.get(i);
      work.statement = statement;
      Map<String, Object> arguments = new HashMap<>();
      for (String name : SqlParameters.namesIn(statement.text())) {
        if (work.request.arguments().containsKey(name)) {
          arguments.put(name, work.request.arguments().get(name));
        }
      }
      boolean isLast = i == statements.size() - 1;
      if (isLast && SqlScript.isQuery(statement.text())) {
        // The result's query goes with its bound in one plan, run when its rows are read below:
        // one round trip to the engine instead of spark.sql's (which parses and analyses it
        // first) and then the rows'.
        bounded = ConnectPlans.boundedQuery(spark, statement.text(), arguments, MAX_ROWS + 1);
      } else {
        // Commands run as soon as they are sent, and are never sent twice.
        Dataset<Row> result =
            arguments.isEmpty()
                ? spark.sql(statement.text())
                : spark.sql(statement.text(), arguments);
        if (isLast) {
          bounded = result.limit(MAX_ROWS + 1);
        }
      }
      if (work.cancelled) {
        finish(work, ParagraphRun.Status.CANCELLED, Optional.empty(), null);
        return;
      }
    }
    StructType schema;
    boolean truncated = false;
    long rows;
    // Closing the result releases the batches not read yet and the operation on the server, and
    // closing its iterator the batch it is reading: also when the rows are not all read (a result
    // cut short, a cancel, a failure). Neither is released otherwise until the session closes.
    try (SparkResult<Row> result = bounded.collectResult()) {
      // The server sends the columns once the statement is analysed, before it runs: a statement
      // that fails there leaves no result file behind.
      schema = result.schema();
      try (CloseableIterator<Row> iterator = result.destructiveIterator();
          ResultFiles.RowWriter writer =
              results.writer(work.run.notebookId(), paragraph.id(), work.run.runId())) {
        while (iterator.hasNext()) {
          Row row = iterator.next();
          if (writer.rows() >= MAX_ROWS || writer.size() >= MAX_RESULT_CHARS) {
            truncated = true;
            break;
          }
          List<Object> values = new ArrayList<>(row.length());
          for (int i = 0; i < row.length(); i++) {
            values.add(SparkValues.plain(row.get(i)));
          }
          writer.write(values);
        }
        rows = writer.rows();
      }
    }
    List<ParagraphRun.Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(new ParagraphRun.Column(field.name(), field.dataType().simpleString()));
    }
    finish(
        work,
        ParagraphRun.Status.FINISHED,
        Optional.empty(),
        new Outcome(columns, rows, truncated));
  }

  private record Outcome(List<ParagraphRun.Column> columns, long rows, boolean truncated) {}

  private void finish(
      Work work,
      ParagraphRun.Status status,
      Optional<ParagraphRun.EngineError> error,
      Outcome outcome) {
    if (status != ParagraphRun.Status.FINISHED) {
      work.batch.stopped = true;
    }
    ParagraphRun run =
        outcome == null
            ? work.run.ended(status, error, List.of(), 0, false, Timestamps.now())
            : work.run.ended(
                status,
                error,
                outcome.columns(),
                outcome.rows(),
                outcome.truncated(),
                Timestamps.now());
    work.run = run;
    boolean last = runs.update(run);
    // No longer active before anyone hears of its end: their next run of it must be welcome.
    active.remove(run.runId());
    // Whoever waits is answered first; the clean-up of earlier results is nobody's wait.
    CompletableFuture<ParagraphRun> ending = endings.remove(run.runId());
    if (ending != null) {
      ending.complete(run);
    }
    if (last) {
      results.deleteOthers(run.notebookId(), run.paragraphId(), run.runId());
    }
  }

  /** The engine's message and position, never its stack trace. */
  private static ParagraphRun.EngineError engineError(Throwable failure, Work work) {
    String message = messageOf(failure);
    Optional<String> condition = Optional.empty();
    Optional<String> sqlState = Optional.empty();
    Optional<Integer> line = Optional.empty();
    Optional<Integer> column = Optional.empty();
    Optional<String> fragment = Optional.empty();
    String text = work.request.paragraph().text();
    SqlScript.Statement statement = work.statement;
    if (failure instanceof SparkThrowable spark) {
      condition = Optional.ofNullable(spark.getCondition());
      sqlState = Optional.ofNullable(spark.getSqlState());
      QueryContext[] contexts = spark.getQueryContext();
      if (contexts != null && contexts.length > 0 && statement != null) {
        QueryContext context = contexts[0];
        if (context.startIndex() >= 0) {
          int[] position = SqlScript.lineAndColumn(text, statement.offset() + context.startIndex());
          line = Optional.of(position[0]);
          column = Optional.of(position[1]);
        }
        fragment = Optional.ofNullable(context.fragment()).filter(f -> !f.isEmpty());
      }
    }
    if (line.isEmpty() && statement != null) {
      Matcher matcher = LINE_POS.matcher(message);
      if (matcher.find()) {
        int statementLine = Integer.parseInt(matcher.group(1));
        int position = Integer.parseInt(matcher.group(2));
        int[] start = SqlScript.lineAndColumn(text, statement.offset());
        line = Optional.of(start[0] + statementLine - 1);
        column = Optional.of(statementLine == 1 ? start[1] + position : position + 1);
      }
    }
    return new ParagraphRun.EngineError(message, condition, sqlState, line, column, fragment);
  }

  /**
   * An engine failure's message without its stack (the client's, or the server's "JVM stacktrace"),
   * at most {@value #MAX_MESSAGE} characters: what a user reads.
   */
  public static String messageOf(Throwable failure) {
    String message = Optional.ofNullable(failure.getMessage()).orElse(failure.toString());
    int stack = message.indexOf("\n\tat ");
    if (stack >= 0) {
      message = message.substring(0, stack);
    }
    int jvm = message.indexOf("JVM stacktrace:");
    if (jvm >= 0) {
      message = message.substring(0, jvm).strip();
    }
    return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
  }

  private static boolean isSessionGone(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    // The server no longer knows the session (it restarted, or released it): make a new one.
    return message.contains("INVALID_HANDLE.SESSION_NOT_FOUND")
        || message.contains("INVALID_HANDLE.SESSION_CLOSED");
  }

  /** The Spark operation tag of a run (Connect tags may not contain commas). */
  static String tagOf(String runId) {
    return "bdpaas-" + runId;
  }

  private static String newRunId() {
    return java.util.UUID.randomUUID().toString();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger next = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "bdpaas-notebook-run-" + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }

  /** A queued paragraph run and what is known of it while it is under way. */
  private static final class Work {
    private final Request request;
    private final Batch batch;
    private volatile ParagraphRun run;
    private volatile boolean cancelled;
    private volatile boolean running;
    private volatile SqlScript.Statement statement;

    private Work(ParagraphRun run, Request request, Batch batch) {
      this.run = run;
      this.request = request;
      this.batch = batch;
    }
  }

  /** Paragraphs asked to run together; one failing stops the rest. */
  private static final class Batch {
    private volatile boolean stopped;
  }
}
