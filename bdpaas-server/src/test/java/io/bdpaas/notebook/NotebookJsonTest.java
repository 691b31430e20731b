package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookJsonTest {
  private static Notebook sales() {
    return new Notebook(
        "Sales – EU",
        List.of(
            Paragraph.markdown("# Sales\nPer region.").withTitle("Intro"),
            Paragraph.sql(
                    "select region, sum(amount) as revenue from sales where year = :year group by 1")
                .withTitle("Revenue")
                .withParameters(
                    List.of(Parameter.of("year", "2024"), Parameter.withoutDefault("unused")))
                .withDisplay(
                    Display.chart(
                        Display.ChartType.PIE, "region", "revenue", null, Display.Aggregation.AVG)),
            Paragraph.foreign("pyspark", "df = spark.table('sales')\ndf.show()")));
  }

  private static List<Problem> problemsOf(String json) {
    try {
      NotebookJson.read(json);
    } catch (BdpaasException e) {
      return e.problems();
    }
    throw new AssertionError("expected a validation failure");
  }

  @Test
  void roundTripsEveryField() {
    Notebook notebook = sales();

    String json = NotebookJson.write(notebook);

    assertThat(json)
        .contains("\"format\" : \"bdpaas-notebook\"", "\"version\" : 1", "\"kind\" : \"sql\"");
    assertThat(NotebookJson.read(json)).isEqualTo(notebook);
  }

  @Test
  void readsAMinimalFileAndGivesMissingOrRepeatedIdsFreshOnes() {
    Notebook notebook =
        NotebookJson.read(
            """
            {"format": "bdpaas-notebook", "version": 1, "name": "Tiny", "paragraphs": [
              {"id": "para-aaaaaaaa", "kind": "SQL", "text": "select 1"},
              {"id": "para-aaaaaaaa", "kind": "markdown", "text": "*twice*"},
              {"kind": "text", "text": "ls", "foreignInterpreter": "sh"}]}
            """);

    assertThat(notebook.paragraphs())
        .extracting(Paragraph::kind)
        .containsExactly(ParagraphKind.SQL, ParagraphKind.MARKDOWN, ParagraphKind.TEXT);
    assertThat(notebook.paragraphs().get(0).id().value()).isEqualTo("para-aaaaaaaa");
    assertThat(notebook.paragraphs()).extracting(Paragraph::id).doesNotHaveDuplicates();
    assertThat(notebook.paragraphs().get(0).display()).isEqualTo(Display.table());
    assertThat(notebook.paragraphs().get(2).foreignInterpreter()).hasValue("sh");
  }

  @Test
  void namesEveryProblemWithItsPath() {
    List<Problem> problems =
        problemsOf(
            """
            {"format": "bdpaas-notebook", "version": 1, "name": "bad\\u202Ename", "colour": "red",
             "paragraphs": [
              {"kind": "sql", "text": "select :a",
               "parameters": [{"name": "a"}, {"name": "a"}, {"name": "1x", "default": 2}]},
              {"id": "p1", "kind": "python", "text": 42},
              {"kind": "markdown", "text": "x", "foreignInterpreter": "md", "title": ""},
              "not an object",
              {"kind": "sql", "text": "select 1", "display": {"mode": "graph", "type": "donut",
               "aggregation": "median", "key": "", "colour": 1}}]}
            """);

    assertThat(problems)
        .extracting(Problem::field)
        .containsExactlyInAnyOrder(
            "colour",
            "name",
            "paragraphs[0].parameters[1].name",
            "paragraphs[0].parameters[2].name",
            "paragraphs[0].parameters[2].default",
            "paragraphs[1].id",
            "paragraphs[1].kind",
            "paragraphs[1].text",
            "paragraphs[2].foreignInterpreter",
            "paragraphs[2].title",
            "paragraphs[3]",
            "paragraphs[4].display.colour",
            "paragraphs[4].display.mode",
            "paragraphs[4].display.type",
            "paragraphs[4].display.aggregation",
            "paragraphs[4].display.key");
    assertThat(problems)
        .contains(
            Problem.of("colour", "unknown field"),
            Problem.of(
                "paragraphs[1].kind", "must be one of sql, markdown, text; it is \"python\""),
            Problem.of("paragraphs[1].text", "must be a string; it is 42"),
            Problem.of("paragraphs[0].parameters[1].name", "parameter a is declared twice"));
  }

  @Test
  void unknownFormatOrVersionIsTheOnlyProblemReported() {
    assertThat(problemsOf("{\"format\": \"jupyter\", \"paragraphs\": 3}"))
        .containsExactly(
            Problem.of("format", "must be \"bdpaas-notebook\"; this file is \"jupyter\""));
    assertThat(problemsOf("{\"format\": \"bdpaas-notebook\", \"version\": 2, \"name\": 7}"))
        .containsExactly(
            Problem.of(
                "version",
                "version 2 is not supported; this server reads version 1 (the file comes from a"
                    + " newer server)"));
    assertThat(problemsOf("{\"paragraphs\": [], \"name\": \"note\"}"))
        .extracting(Problem::message)
        .containsExactly("is missing: this looks like a Zeppelin note; import it as one");
  }

  @Test
  void refusesTooManyParagraphsAndTooLongTexts() {
    StringBuilder many =
        new StringBuilder(
            "{\"format\":\"bdpaas-notebook\",\"version\":1,\"name\":\"n\",\"paragraphs\":[");
    for (int i = 0; i <= Notebook.MAX_PARAGRAPHS; i++) {
      many.append(i == 0 ? "" : ",").append("{\"kind\":\"sql\",\"text\":\"select 1\"}");
    }
    many.append("]}");
    String longText =
        "{\"format\":\"bdpaas-notebook\",\"version\":1,\"name\":\"n\",\"paragraphs\":[{\"kind\":\"sql\",\"text\":\""
            + "x".repeat(Paragraph.MAX_TEXT_BYTES + 1)
            + "\"}]}";

    assertThat(problemsOf(many.toString()))
        .containsExactly(
            Problem.of("paragraphs", "has 1001 paragraphs; a notebook has at most 1000"));
    assertThat(problemsOf(longText))
        .extracting(Problem::field)
        .containsExactly("paragraphs[0].text");
  }

  @Test
  void rejectsMalformedDeepAndDuplicatedInputGracefully() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertThat(problemsOf(deep))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).startsWith("is beyond the limits"));
    assertThat(problemsOf("{\"format\": \"bdpaas-notebook\", "))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).startsWith("is not valid JSON"));
    assertThat(problemsOf("{\"format\": \"bdpaas-notebook\", \"format\": \"x\"}"))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains("Duplicate"));
    assertThat(problemsOf("")).singleElement().satisfies(p -> assertThat(p.field()).isEmpty());
    assertThat(problemsOf("[1]"))
        .containsExactly(Problem.of("", "a notebook file holds one JSON object"));
    assertThatThrownBy(() -> NotebookJson.read("null")).isInstanceOf(BdpaasException.class);
  }
}
