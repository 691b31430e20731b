package io.bdpaas.job;

import io.bdpaas.api.Problem;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.notebook.NotebookId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a job runs: a jar of the project's files with its main class and arguments, a SQL script on
 * the project's Connect server, or every SQL paragraph of one of the project's notebooks; and with
 * which Spark resources. The same shape is sent by clients, kept with the job and copied into each
 * run, so that a run shows exactly what it ran.
 */
public record JobDefinition(
    String kind,
    String jar,
    String mainClass,
    List<String> arguments,
    String sql,
    String notebookId,
    SparkSettings spark) {
  static final int MAX_ARGUMENTS = 100;
  static final int MAX_ARGUMENT = 4000;
  static final int MAX_SQL = 100_000;
  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

  /** What runs. */
  public enum Kind {
    JAR,
    SQL,
    NOTEBOOK;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind parse(String text) {
      return Kind.valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  public JobDefinition {
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
    spark = spark == null ? SparkSettings.defaults() : spark;
  }

  public Kind kindValue() {
    return Kind.parse(kind);
  }

  /** The jar's name among the project's files. */
  public StorageFileName jarFile() {
    return new StorageFileName(jar);
  }

  /** Every problem of the definition as such; whether its jar or notebook exists is asked apart. */
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    Kind parsed = null;
    try {
      parsed = kind == null ? null : Kind.parse(kind);
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (parsed == null) {
      problems.add(Problem.of("kind", "must be one of jar, sql, notebook"));
      return problems;
    }
    switch (parsed) {
      case JAR -> {
        if (jar == null || !jar.toLowerCase(Locale.ROOT).endsWith(".jar")) {
          problems.add(Problem.of("jar", "must name a .jar file of the project's files"));
        } else {
          try {
            new StorageFileName(jar);
          } catch (IllegalArgumentException e) {
            problems.add(Problem.of("jar", e.getMessage()));
          }
        }
        if (mainClass != null && !CLASS_NAME.matcher(mainClass).matches()) {
          problems.add(
              Problem.of("mainClass", "must be a Java class name such as org.example.Main"));
        }
        if (arguments.size() > MAX_ARGUMENTS) {
          problems.add(Problem.of("arguments", "may hold at most " + MAX_ARGUMENTS + " arguments"));
        }
        for (int i = 0; i < arguments.size(); i++) {
          String argument = arguments.get(i);
          if (argument == null || argument.length() > MAX_ARGUMENT) {
            problems.add(
                Problem.of(
                    "arguments[" + i + "]",
                    "must be text of at most " + MAX_ARGUMENT + " characters"));
          }
        }
        onlyFor(problems, "sql", sql, parsed);
        onlyFor(problems, "notebookId", notebookId, parsed);
      }
      case SQL -> {
        if (sql == null || sql.isBlank()) {
          problems.add(Problem.of("sql", "must hold the SQL statements to run"));
        } else if (sql.length() > MAX_SQL) {
          problems.add(Problem.of("sql", "may hold at most " + MAX_SQL + " characters"));
        }
        onlyFor(problems, "jar", jar, parsed);
        onlyFor(problems, "notebookId", notebookId, parsed);
      }
      case NOTEBOOK -> {
        if (!NotebookId.isValid(notebookId)) {
          problems.add(Problem.of("notebookId", "must name a notebook of the project"));
        }
        onlyFor(problems, "jar", jar, parsed);
        onlyFor(problems, "sql", sql, parsed);
      }
    }
    problems.addAll(spark.problems("spark."));
    return problems;
  }

  private static void onlyFor(List<Problem> problems, String field, String value, Kind kind) {
    if (value != null) {
      problems.add(Problem.of(field, "does not belong to a " + kind.wireName() + " job"));
    }
  }
}
