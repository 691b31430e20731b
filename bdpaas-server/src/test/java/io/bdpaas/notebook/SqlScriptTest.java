package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsAtSemicolonsOutsideQuotesNamesAndComments() {
    String sql =
        "CREATE TEMP VIEW v AS SELECT 'a;b' AS s, \"c;d\" AS t, `e;f` AS u; -- one; comment\n"
            + "/* block; comment */ SELECT * FROM v;\n\n  ;  -- only a comment\n";

    List<SqlScript.Statement> statements = SqlScript.statements(sql);

    assertThat(statements)
        .extracting(SqlScript.Statement::text)
        .containsExactly(
            "CREATE TEMP VIEW v AS SELECT 'a;b' AS s, \"c;d\" AS t, `e;f` AS u",
            "-- one; comment\n/* block; comment */ SELECT * FROM v");
    assertThat(sql.substring(statements.get(1).offset())).startsWith("-- one; comment");
  }

  @Test
  void escapedAndDoubledQuotesDoNotEndAString() {
    assertThat(SqlScript.statements("SELECT 'it''s; ok', 'back\\'slash; too'; SELECT 2"))
        .extracting(SqlScript.Statement::text)
        .containsExactly("SELECT 'it''s; ok', 'back\\'slash; too'", "SELECT 2");
  }

  @Test
  void anUnclosedQuoteRunsToTheEndAsOneStatement() {
    assertThat(SqlScript.statements("SELECT 'open; still open"))
        .extracting(SqlScript.Statement::text)
        .containsExactly("SELECT 'open; still open");
  }

  @Test
  void blankTextHasNoStatements() {
    assertThat(SqlScript.statements("  \n -- nothing\n /* at all */ ;")).isEmpty();
  }

  @Test
  void offsetsBecomeLinesAndColumns() {
    String text = "SELECT 1;\nSELECT *\nFROM nope";
    SqlScript.Statement second = SqlScript.statements(text).get(1);

    assertThat(second.offset()).isEqualTo(10);
    assertThat(SqlScript.lineAndColumn(text, second.offset())).containsExactly(2, 1);
    assertThat(SqlScript.lineAndColumn(text, text.indexOf("nope"))).containsExactly(3, 6);
  }

  @Test
  void onlyStatementsThatCertainlyReadAreQueries() {
    assertThat(SqlScript.isQuery("SELECT 1")).isTrue();
    assertThat(SqlScript.isQuery("-- leading comment\n/* and another */ select * from t")).isTrue();
    assertThat(SqlScript.isQuery("(SELECT 1) UNION (SELECT 2)")).isTrue();
    assertThat(SqlScript.isQuery("VALUES (1), (2)")).isTrue();
    assertThat(SqlScript.isQuery("TABLE sales")).isTrue();
    assertThat(SqlScript.isQuery("WITH x AS (SELECT 1 AS a) SELECT a FROM x")).isTrue();
    assertThat(SqlScript.isQuery("FROM sales SELECT region")).isTrue();
    // A word inside quotes or comments is not a keyword.
    assertThat(SqlScript.isQuery("WITH x AS (SELECT 'insert' AS a) SELECT a FROM x -- INSERT"))
        .isTrue();

    assertThat(SqlScript.isQuery("WITH x AS (SELECT 1 AS a) INSERT INTO t SELECT a FROM x"))
        .isFalse();
    assertThat(SqlScript.isQuery("FROM s INSERT INTO t SELECT *")).isFalse();
    assertThat(SqlScript.isQuery("WITH s AS (SELECT 1 AS a) MERGE INTO t USING s ON t.a = s.a"))
        .isFalse();
    assertThat(SqlScript.isQuery("INSERT INTO t VALUES (1)")).isFalse();
    assertThat(SqlScript.isQuery("CREATE TABLE t AS SELECT 1")).isFalse();
    assertThat(SqlScript.isQuery("SHOW TABLES")).isFalse();
    assertThat(SqlScript.isQuery("SET spark.sql.shuffle.partitions = 4")).isFalse();
    assertThat(SqlScript.isQuery("-- only a comment")).isFalse();
    assertThat(SqlScript.isQuery("`select` weird")).isFalse();
    // Read as Spark's lexer reads them: nested block comments, raw strings, a CR ending a comment.
    assertThat(SqlScript.isQuery("/* /* */ SELECT */ DELETE FROM t")).isFalse();
    assertThat(SqlScript.isQuery("WITH x AS (SELECT r'\\' AS a) INSERT INTO t SELECT a FROM x"))
        .isFalse();
    assertThat(SqlScript.isQuery("-- a comment\rDELETE FROM t")).isFalse();
  }
}
