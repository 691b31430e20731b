package io.bdpaas.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The statements of an SQL paragraph, split at semicolons that are outside quotes, back-quoted
 * names and comments, as Zeppelin and {@code spark-sql} run a paragraph: one statement after
 * another. Each statement keeps where it starts in the paragraph, so that an error's position in a
 * statement can be shown as a line and column of the paragraph.
 */
public final class SqlScript {
  private static final Set<String> WRITES = Set.of("INSERT", "MERGE", "UPDATE", "DELETE");

  private SqlScript() {}

  /** One statement: its text and the offset of its first character in the paragraph. */
  public record Statement(String text, int offset) {}

  /** The statements of {@code sql}; blank or comment-only pieces are left out. */
  public static List<Statement> statements(String sql) {
    List<Statement> statements = new ArrayList<>();
    int start = 0;
    int i = 0;
    int length = sql.length();
    while (i < length) {
      char c = sql.charAt(i);
      int after = SqlParameters.skipQuotedOrComment(sql, i);
      if (after > i) {
        i = after;
      } else if (c == ';') {
        add(statements, sql, start, i);
        start = ++i;
      } else {
        i++;
      }
    }
    add(statements, sql, start, length);
    return List.copyOf(statements);
  }

  /**
   * Whether a statement is a query, something that only reads, by its words outside quotes and
   * comments: its first word is {@code SELECT}, {@code VALUES} or {@code TABLE}, or {@code WITH} or
   * {@code FROM} with none of {@code INSERT}, {@code MERGE}, {@code UPDATE} or {@code DELETE} after
   * them (the writes Spark SQL allows after a {@code WITH} or {@code FROM}). Anything else,
   * commands included, may have effects. Should text this scanner reads differently from Spark's
   * lexer make a command look like a query, it still runs once: Spark runs a command where it finds
   * it in a plan, before the plan's rows are read.
   */
  public static boolean isQuery(String statement) {
    List<String> words = words(statement);
    if (words.isEmpty()) {
      return false;
    }
    return switch (words.get(0)) {
      case "SELECT", "VALUES", "TABLE" -> true;
      case "WITH", "FROM" -> words.stream().noneMatch(WRITES::contains);
      default -> false;
    };
  }

  /** The words of {@code sql} outside quotes, back-quoted names and comments, in upper case. */
  private static List<String> words(String sql) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int length = sql.length();
    while (i < length) {
      char c = sql.charAt(i);
      int after = SqlParameters.skipQuotedOrComment(sql, i);
      if (after > i) {
        i = after;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
      } else {
        i++;
      }
    }
    return words;
  }

  private static void add(List<Statement> statements, String sql, int from, int to) {
    String piece = sql.substring(from, to);
    if (isBlankOrComment(piece)) {
      return;
    }
    int lead = 0;
    while (lead < piece.length() && Character.isWhitespace(piece.charAt(lead))) {
      lead++;
    }
    statements.add(new Statement(piece.strip(), from + lead));
  }

  private static boolean isBlankOrComment(String piece) {
    String rest = piece.strip();
    while (!rest.isEmpty()) {
      if (rest.startsWith("--")) {
        int end = rest.indexOf('\n');
        rest = end < 0 ? "" : rest.substring(end + 1).strip();
      } else if (rest.startsWith("/*")) {
        int end = rest.indexOf("*/");
        rest = end < 0 ? "" : rest.substring(end + 2).strip();
      } else {
        return false;
      }
    }
    return true;
  }

  /** The 1-based line and column of {@code offset} in {@code text}. */
  public static int[] lineAndColumn(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }
}
