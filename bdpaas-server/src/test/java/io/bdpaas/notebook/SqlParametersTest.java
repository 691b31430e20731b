package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.api.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlParametersTest {
  @Test
  void findsNamedParametersInOrderOfFirstUse() {
    assertThat(
            SqlParameters.namesIn(
                "select * from t where a = :first and b in (:second, :first) and c=:third_3"))
        .containsExactly("first", "second", "third_3");
  }

  @Test
  void ignoresColonsInsideStringsAndIdentifiers() {
    assertThat(
            SqlParameters.namesIn(
                "select 'at :noon', 'it''s :still', 'back\\' :slash', \"q :quoted\","
                    + " `col :name`, `a``b :c` from t where x = :real"))
        .containsExactly("real");
  }

  @Test
  void ignoresComments() {
    assertThat(
            SqlParameters.namesIn(
                "select 1 -- where a = :line\n"
                    + "/* :block /* :nested */ :still_comment */ from t where b = :after"))
        .containsExactly("after");
  }

  @Test
  void aRawStringEndsAtItsQuoteAndACommentAtACarriageReturn() {
    assertThat(
            SqlParameters.namesIn(
                "select r'C:\\' as dir, R\"\\\" as other from t -- :gone\r" + "where a = :kept"))
        .containsExactly("kept");
  }

  @Test
  void castsAndColonsAfterNamesAreNotParameters() {
    assertThat(
            SqlParameters.namesIn(
                "select a::int, cast(b as struct<x:int>), raw:item, :p::string from t"))
        .containsExactly("p");
    assertThat(SqlParameters.namesIn(":start at the very beginning")).containsExactly("start");
    assertThat(SqlParameters.namesIn("select : spaced, :1digit, 'unterminated :x")).isEmpty();
  }

  @Test
  void resolvesGivenValuesOverDefaults() {
    SqlParameters.Resolved resolved =
        SqlParameters.resolve(
            "select * from t where a < :maxAge and r = :region",
            List.of(Parameter.of("maxAge", "30"), Parameter.of("region", "EU")),
            Map.of("region", "US"),
            "parameters");

    assertThat(resolved.problems()).isEmpty();
    assertThat(resolved.isComplete()).isTrue();
    assertThat(resolved.arguments())
        .containsExactly(Map.entry("maxAge", "30"), Map.entry("region", "US"));
  }

  @Test
  void namesUnknownMissingAndUnbindableValuesTogether() {
    Paragraph paragraph =
        Paragraph.sql("select :a, :b, :c, :d")
            .withParameters(
                List.of(
                    Parameter.withoutDefault("a"),
                    Parameter.of("b", "x"),
                    Parameter.of("unused", "1")));

    SqlParameters.Resolved resolved =
        SqlParameters.resolve(
            paragraph, Map.of("bogus", 1, "c", List.of(1), "unused", 2, "d", 4.5), "parameters");

    assertThat(resolved.problems())
        .containsExactlyInAnyOrder(
            Problem.of("parameters.bogus", "unknown parameter: the SQL does not use :bogus"),
            Problem.of("parameters.c", "must be a string, a number, or true or false"),
            Problem.of("parameters.a", "needs a value: the SQL uses :a and it has no default"));
    assertThat(resolved.arguments()).containsOnlyKeys("b", "d");
  }
}
