package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.Problem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named parameters ({@code :name}) of Spark SQL text, and the values a run binds to them.
 * Values reach Spark as named arguments of {@code spark.sql(text, args)}, which binds them as
 * literals; nothing here pastes a value into SQL.
 *
 * <p>Finding names follows Spark SQL's lexical rules closely enough for that purpose: nothing
 * inside {@code '...'} or {@code "..."} literals (with {@code \} escapes and doubled quotes),
 * {@code `...`} identifiers, {@code --} line comments or (nested) {@code /* *}{@code /} comments is
 * a parameter; {@code ::} is a cast, and a colon right after a name ({@code struct<a:int>}, a JSON
 * path {@code raw:item}) is not a parameter either.
 */
public final class SqlParameters {
  private SqlParameters() {}

  /** The distinct parameter names used in {@code sql}, in order of first use. */
  public static Set<String> namesIn(String sql) {
    requireNonNull(sql, "sql is null");
    Set<String> names = new LinkedHashSet<>();
    int length = sql.length();
    int i = 0;
    while (i < length) {
      char c = sql.charAt(i);
      int after = skipQuotedOrComment(sql, i);
      if (after > i) {
        i = after;
      } else if (c == ':' && i + 1 < length && sql.charAt(i + 1) == ':') {
        i += 2;
      } else if (c == ':'
          && i + 1 < length
          && isNameStart(sql.charAt(i + 1))
          && (i == 0 || !isNamePart(sql.charAt(i - 1)))) {
        int end = i + 1;
        while (end < length && isNamePart(sql.charAt(end))) {
          end++;
        }
        names.add(sql.substring(i + 1, end));
        i = end;
      } else {
        i++;
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * The index after the quoted text, back-quoted name or comment that starts at {@code i}, or
   * {@code i} if none starts there.
   */
  static int skipQuotedOrComment(String sql, int i) {
    char c = sql.charAt(i);
    boolean pair = i + 1 < sql.length();
    if (c == '\'' || c == '"' || c == '`') {
      return skipQuoted(sql, i);
    } else if (c == '-' && pair && sql.charAt(i + 1) == '-') {
      return skipLineComment(sql, i);
    } else if (c == '/' && pair && sql.charAt(i + 1) == '*') {
      return skipBlockComment(sql, i);
    }
    return i;
  }

  /** Index just past the quoted literal or identifier that starts at {@code start}. */
  static int skipQuoted(String sql, int start) {
    char quote = sql.charAt(start);
    // r'…' and R"…" are raw strings: a backslash in them is itself.
    boolean raw =
        quote != '`'
            && start > 0
            && Character.toLowerCase(sql.charAt(start - 1)) == 'r'
            && (start == 1 || !isNamePart(sql.charAt(start - 2)));
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`' && !raw) {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // a doubled quote stands for itself
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length(); // unterminated: Spark will say so when the text runs
  }

  /** Index just past the comment at {@code start}, which ends with its line (at LF or CR). */
  static int skipLineComment(String sql, int start) {
    for (int i = start; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r') {
        return i + 1;
      }
    }
    return sql.length();
  }

  /** Index just past the comment at {@code start}; Spark lets block comments nest. */
  static int skipBlockComment(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i < sql.length()) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  /**
   * The arguments for running {@code paragraph} with {@code values}: every parameter its text uses,
   * with the given value or else its default. Reports, all at once, values for parameters that are
   * neither used nor declared, values of a type Spark cannot bind as a literal, and used parameters
   * left without a value.
   *
   * @param values the values given for this run, by parameter name
   * @param field the request field that holds the values, for problem paths ({@code parameters})
   */
  public static Resolved resolve(Paragraph paragraph, Map<String, ?> values, String field) {
    requireNonNull(paragraph, "paragraph is null");
    return resolve(paragraph.text(), paragraph.parameters(), values, field);
  }

  /** As {@link #resolve(Paragraph, Map, String)}, for text and declarations not yet a paragraph. */
  public static Resolved resolve(
      String sql, List<Parameter> declared, Map<String, ?> values, String field) {
    requireNonNull(declared, "declared is null");
    requireNonNull(values, "values is null");
    requireNonNull(field, "field is null");
    Set<String> used = namesIn(sql);
    Map<String, Parameter> declaredByName = new LinkedHashMap<>();
    declared.forEach(parameter -> declaredByName.put(parameter.name(), parameter));
    List<Problem> problems = new ArrayList<>();
    values.forEach(
        (name, value) -> {
          String path = field.isEmpty() ? name : field + "." + name;
          if (!used.contains(name) && !declaredByName.containsKey(name)) {
            problems.add(Problem.of(path, "unknown parameter: the SQL does not use :" + name));
          } else if (value != null && !isBindable(value)) {
            problems.add(Problem.of(path, "must be a string, a number, or true or false"));
          }
        });
    Map<String, Object> arguments = new LinkedHashMap<>();
    for (String name : used) {
      Object value = values.get(name);
      if (value == null) {
        Parameter parameter = declaredByName.get(name);
        value = parameter == null ? null : parameter.defaultValue().orElse(null);
      }
      if (value == null) {
        problems.add(
            Problem.of(
                field.isEmpty() ? name : field + "." + name,
                "needs a value: the SQL uses :" + name + " and it has no default"));
      } else if (isBindable(value)) {
        arguments.put(name, value);
      }
    }
    return new Resolved(Collections.unmodifiableMap(arguments), problems);
  }

  private static boolean isBindable(Object value) {
    return value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Double
        || value instanceof Float
        || value instanceof BigDecimal;
  }

  /**
   * The named arguments to bind, or the problems that kept them from being complete.
   *
   * @param arguments by parameter name, in order of first use in the text
   */
  public record Resolved(Map<String, Object> arguments, List<Problem> problems) {
    public Resolved {
      requireNonNull(arguments, "arguments is null");
      problems = List.copyOf(problems);
    }

    public boolean isComplete() {
      return problems.isEmpty();
    }
  }
}
