package io.bdpaas.job;

import io.bdpaas.engine.spark.SparkWorkerLogs;
import io.bdpaas.notebook.ConnectSessions;
import io.bdpaas.notebook.NotebookRunner;
import io.bdpaas.notebook.Paragraph;
import io.bdpaas.notebook.ParagraphKind;
import io.bdpaas.notebook.SqlParameters;
import io.bdpaas.notebook.SqlScript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs SQL and notebook jobs on their project's Spark Connect server, in the platform: the
 * statements in order, each tagged with the run's id (so that a kill interrupts exactly them), and
 * what each query answers written as text into the run's kept stdout (at most {@link #SHOWN_ROWS}
 * rows of each). The first failing statement fails the run with the engine's message.
 */
@Component
public class ConnectJobRunner implements DisposableBean {
  static final int SHOWN_ROWS = 100;
  private static final int THREADS = 2;

  private final ConnectSessions sessions;
  private final JobRunLogs logs;
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          THREADS,
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            public Thread newThread(Runnable runnable) {
              Thread thread = new Thread(runnable, "bdpaas-sql-job-" + next.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            }
          });
  private final Map<JobRunId, Running> running = new ConcurrentHashMap<>();

  public ConnectJobRunner(ConnectSessions sessions, JobRunLogs logs) {
    this.sessions = sessions;
    this.logs = logs;
  }

  /** One piece of SQL to run: where it came from (a notebook's paragraph) and its arguments. */
  public record Script(String label, String sql, Map<String, Object> arguments) {}

  /** How a run ended. */
  public record Outcome(JobRun.State state, Optional<String> error) {}

  /** What a job's SQL is: its script, or every SQL paragraph of its notebook with defaults. */
  public static List<Script> scripts(String sql) {
    return List.of(new Script("script", sql, Map.of()));
  }

  public static List<Script> scripts(List<Paragraph> paragraphs) {
    List<Script> scripts = new ArrayList<>();
    for (Paragraph paragraph : paragraphs) {
      if (paragraph.kind() != ParagraphKind.SQL) {
        continue;
      }
      SqlParameters.Resolved resolved = SqlParameters.resolve(paragraph, Map.of(), "parameters");
      scripts.add(
          new Script(
              paragraph.title().orElse("paragraph " + paragraph.id()),
              paragraph.text(),
              resolved.arguments()));
    }
    return scripts;
  }

  private static final class Running {
    private final ConnectSessions.Target target;
    private volatile boolean killed;

    private Running(ConnectSessions.Target target) {
      this.target = target;
    }
  }

  /** Whether this runner has the run (false after a restart of the platform). */
  public boolean has(JobRunId run) {
    return running.containsKey(run);
  }

  /** Starts the run in the background; {@code onEnd} hears how it ended. */
  public void start(
      JobRunId run,
      ConnectSessions.Target target,
      List<Script> scripts,
      java.util.function.Consumer<Outcome> onEnd) {
    Running state = new Running(target);
    if (running.putIfAbsent(run, state) != null) {
      return;
    }
    pool.execute(
        () -> {
          Outcome outcome;
          try {
            outcome = execute(run, state, scripts);
          } catch (Exception | LinkageError e) {
            outcome =
                new Outcome(
                    state.killed ? JobRun.State.KILLED : JobRun.State.FAILED,
                    state.killed
                        ? Optional.of("killed on request")
                        : Optional.of(NotebookRunner.messageOf(e)));
          } finally {
            running.remove(run);
          }
          onEnd.accept(outcome);
        });
  }

  /** Interrupts the run's statements on the engine; false if this runner does not have it. */
  public boolean kill(JobRunId run) {
    Running state = running.get(run);
    if (state == null) {
      return false;
    }
    state.killed = true;
    sessions.existing(state.target.project()).ifPresent(spark -> spark.interruptTag(tagOf(run)));
    return true;
  }

  private Outcome execute(JobRunId run, Running state, List<Script> scripts) throws Exception {
    SparkSession spark = sessions.session(state.target);
    String tag = tagOf(run);
    spark.addTag(tag);
    try {
      for (Script script : scripts) {
        for (SqlScript.Statement statement : SqlScript.statements(script.sql())) {
          if (state.killed) {
            return new Outcome(JobRun.State.KILLED, Optional.of("killed on request"));
          }
          Map<String, Object> arguments = new HashMap<>();
          for (String name : SqlParameters.namesIn(statement.text())) {
            if (script.arguments().containsKey(name)) {
              arguments.put(name, script.arguments().get(name));
            }
          }
          out(run, "-- " + script.label() + ": " + firstLine(statement.text()) + "\n");
          Dataset<Row> result =
              arguments.isEmpty()
                  ? spark.sql(statement.text())
                  : spark.sql(statement.text(), arguments);
          List<Row> rows = result.limit(SHOWN_ROWS + 1).collectAsList();
          out(run, table(result.columns(), rows));
        }
      }
    } finally {
      spark.removeTag(tag);
    }
    return new Outcome(JobRun.State.FINISHED, Optional.empty());
  }

  private void out(JobRunId run, String text) {
    logs.append(run, SparkWorkerLogs.Stream.STDOUT, text);
  }

  private static String table(String[] columns, List<Row> rows) {
    StringBuilder text = new StringBuilder(String.join("\t", columns)).append('\n');
    for (int i = 0; i < Math.min(rows.size(), SHOWN_ROWS); i++) {
      Row row = rows.get(i);
      List<String> values = new ArrayList<>();
      for (int c = 0; c < row.length(); c++) {
        values.add(String.valueOf(row.get(c)));
      }
      text.append(String.join("\t", values)).append('\n');
    }
    text.append(
            rows.size() > SHOWN_ROWS
                ? "(more than " + SHOWN_ROWS + " rows; the first " + SHOWN_ROWS + " are shown)"
                : "(" + rows.size() + " rows)")
        .append("\n\n");
    return text.toString();
  }

  private static String firstLine(String sql) {
    String line = sql.strip().lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 120) + "…" : line;
  }

  static String tagOf(JobRunId run) {
    return "bdpaas-job-" + run.value();
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
