package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Imports of notes written by hand in the shapes Zeppelin 0.8 and 0.10 save. */
class ZeppelinImportTest {
  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ZeppelinImportTest.class.getResourceAsStream("/notebook/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static String note(String... paragraphTexts) {
    StringBuilder json = new StringBuilder("{\"name\": \"n\", \"paragraphs\": [");
    for (int i = 0; i < paragraphTexts.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"text\": \"")
          .append(
              paragraphTexts[i].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
          .append("\"}");
    }
    return json.append("]}").toString();
  }

  @Test
  void importsAZeppelin08Note() throws IOException {
    ZeppelinImport.Result result = ZeppelinImport.read(fixture("zeppelin-0.8-note.json"));
    Notebook notebook = result.notebook();
    List<Paragraph> paragraphs = notebook.paragraphs();

    assertThat(notebook.name()).isEqualTo("Sales by region");
    assertThat(paragraphs)
        .extracting(Paragraph::kind)
        .containsExactly(
            ParagraphKind.MARKDOWN,
            ParagraphKind.TEXT,
            ParagraphKind.SQL,
            ParagraphKind.SQL,
            ParagraphKind.TEXT,
            ParagraphKind.SQL,
            ParagraphKind.TEXT);
    assertThat(paragraphs.get(0).text())
        .isEqualTo("## Sales by region\nThe orders of the last year, per region and customer age.");

    Paragraph scala = paragraphs.get(1);
    assertThat(scala.title()).hasValue("Load orders");
    assertThat(scala.foreignInterpreter()).hasValue("spark");
    assertThat(scala.text()).startsWith("val orders = spark.read");

    Paragraph byAge = paragraphs.get(2);
    assertThat(byAge.title()).hasValue("Orders by age");
    assertThat(byAge.text())
        .isEqualTo(
            "select age, count(1) as orders\nfrom orders\nwhere age < :maxAge -- young customers\n"
                + "group by age\norder by age");
    assertThat(byAge.parameters()).containsExactly(Parameter.of("maxAge", "30"));
    assertThat(byAge.display())
        .isEqualTo(
            Display.chart(Display.ChartType.BAR, "age", "orders", null, Display.Aggregation.SUM));

    Paragraph revenue = paragraphs.get(3);
    assertThat(revenue.text())
        .isEqualTo(
            "select month, sum(amount) as revenue\nfrom orders\nwhere region = :region\n"
                + "  and status = \"${status=open,open|closed}\"\ngroup by month");
    assertThat(revenue.parameters()).containsExactly(Parameter.of("region", "EU"));
    assertThat(revenue.display().type()).isEqualTo(Display.ChartType.LINE);
    assertThat(revenue.display().aggregation()).isEqualTo(Display.Aggregation.AVG);

    assertThat(paragraphs.get(4).foreignInterpreter()).hasValue("spark.pyspark");
    assertThat(paragraphs.get(4).title()).hasValue("Top customers (Python)");

    Paragraph bySource = paragraphs.get(5);
    assertThat(bySource.text())
        .isEqualTo(
            "select region, sum(amount) as revenue, count(1) as orders from IDENTIFIER(:source)"
                + " group by region");
    assertThat(bySource.parameters()).containsExactly(Parameter.of("source", "orders"));
    assertThat(bySource.display())
        .isEqualTo(
            Display.chart(
                Display.ChartType.PIE, "region", "revenue", null, Display.Aggregation.SUM));

    assertThat(paragraphs.get(6).foreignInterpreter()).hasValue("sh");
    assertThat(result.notes())
        .containsExactly(
            "the note was in Zeppelin folder \"Analytics\": folder dropped",
            "paragraph 4: select, checkbox and note-wide forms are kept as Zeppelin wrote them;"
                + " edit them into :name parameters before running",
            "paragraph 5 uses %spark.pyspark: kept as text, not runnable",
            "paragraph 6: a form names a table; it is now IDENTIFIER(:name), which needs Spark 3.5"
                + " or later",
            "paragraph 6: chart uses several values; only the first kept",
            "paragraph 8 uses %sh: kept as text, not runnable",
            "1 paragraph has no %interpreter prefix and the note does not record its default:"
                + " read as Scala (%spark), kept as text",
            "2 empty paragraphs dropped");
    assertThat(SqlParameters.namesIn(byAge.text())).containsExactly("maxAge");
  }

  @Test
  void importsAZeppelin010Note() throws IOException {
    ZeppelinImport.Result result = ZeppelinImport.read(fixture("zeppelin-0.10-daily-kpis.zpln"));
    List<Paragraph> paragraphs = result.notebook().paragraphs();

    assertThat(result.notebook().name()).isEqualTo("Daily KPIs");
    assertThat(paragraphs).hasSize(6);
    assertThat(paragraphs.get(0).kind()).isEqualTo(ParagraphKind.MARKDOWN);
    assertThat(paragraphs.get(0).title()).hasValue("About");
    assertThat(paragraphs.get(0).text())
        .startsWith("Daily KPIs of the web shop")
        .endsWith("* conversion");

    // no prefix: the note's default group is spark, whose default interpreter is Scala
    assertThat(paragraphs.get(1).kind()).isEqualTo(ParagraphKind.TEXT);
    assertThat(paragraphs.get(1).foreignInterpreter()).hasValue("spark");

    Paragraph scatter = paragraphs.get(2);
    assertThat(scatter.text())
        .isEqualTo(
            "select visits, orders, channel\nfrom daily_kpis\nwhere day >= :since\n"
                + "  and day::string <> '' /* ${not_a_form} */");
    assertThat(scatter.parameters()).containsExactly(Parameter.of("since", "2023-01-01"));
    assertThat(scatter.display())
        .isEqualTo(
            Display.chart(
                Display.ChartType.SCATTER, "visits", "orders", "channel", Display.Aggregation.SUM));

    Paragraph area = paragraphs.get(3);
    assertThat(area.text()).contains("where channel like '%${channel}%'");
    assertThat(area.parameters()).isEmpty();
    assertThat(area.display())
        .isEqualTo(
            Display.chart(
                Display.ChartType.AREA, "day", "visits", "channel", Display.Aggregation.MAX));

    assertThat(paragraphs.get(4).foreignInterpreter()).hasValue("python");
    assertThat(paragraphs.get(5).foreignInterpreter()).hasValue("jdbc");
    assertThat(paragraphs.get(5).text()).isEqualTo("select count(*) from crm.customers");
    assertThat(result.notes())
        .containsExactly(
            "paragraph 2 uses %spark: kept as text, not runnable",
            "paragraph 4: interpreter properties (parallelism=2) dropped",
            "paragraph 4: a form inside a longer quoted text is kept as Zeppelin wrote it; edit it"
                + " into a :name parameter (with concat) before running",
            "paragraph 5 uses %python: kept as text, not runnable",
            "paragraph 6 uses %jdbc: kept as text, not runnable",
            "1 empty paragraph dropped");
  }

  @Test
  void theImportedNotebookSurvivesExportAndImport() throws IOException {
    Notebook imported = ZeppelinImport.read(fixture("zeppelin-0.10-daily-kpis.zpln")).notebook();

    assertThat(NotebookJson.read(NotebookJson.write(imported))).isEqualTo(imported);
  }

  @Test
  void convertsOnlySimpleFormsAndKeepsTypedLiterals() {
    Paragraph paragraph =
        ZeppelinImport.read(
                note(
                    "%sql select * from t where a = ${a} and b = ${textbox:b=2}"
                        + " and c = ${c(The C)= x } and d = date'${d=2024-01-01}'"
                        + " and e in (${checkbox:e=1|2,1|2|3}) and f = $${f=1} and g = '${a}'"))
            .notebook()
            .paragraphs()
            .get(0);

    assertThat(paragraph.text())
        .isEqualTo(
            "select * from t where a = :a and b = :b and c = :c and d = date'${d=2024-01-01}'"
                + " and e in (${checkbox:e=1|2,1|2|3}) and f = $${f=1} and g = :a");
    assertThat(paragraph.parameters())
        .containsExactly(
            Parameter.withoutDefault("a"), Parameter.of("b", "2"), Parameter.of("c", "x"));
  }

  @Test
  void sqlInAFlinkNoteIsFlinkSqlAndMarkdownDefaultsAreMarkdown() {
    String flink =
        "{\"name\": \"Stream\", \"defaultInterpreterGroup\": \"flink\", \"paragraphs\": ["
            + "{\"text\": \"%sql\\nselect * from clicks\"}]}";
    String markdown =
        "{\"name\": \"Docs\", \"defaultInterpreterGroup\": \"md\", \"paragraphs\": ["
            + "{\"text\": \"# Title\"}]}";

    assertThat(ZeppelinImport.read(flink).notebook().paragraphs().get(0).foreignInterpreter())
        .hasValue("flink.sql");
    assertThat(ZeppelinImport.read(markdown).notebook().paragraphs().get(0).kind())
        .isEqualTo(ParagraphKind.MARKDOWN);
  }

  @Test
  void unnamedNotesAndUnprintableNamesAreRepaired() {
    ZeppelinImport.Result unnamed = ZeppelinImport.read("{\"id\": \"2ABC\", \"paragraphs\": []}");
    ZeppelinImport.Result tricky =
        ZeppelinImport.read("{\"name\": \"/a/b/evil\\u202Egnp.exe\", \"paragraphs\": []}");

    assertThat(unnamed.notebook().name()).isEqualTo("Zeppelin note 2ABC");
    assertThat(tricky.notebook().name()).isEqualTo("evilgnp.exe");
    assertThat(tricky.notes()).hasSize(2);
  }

  @Test
  void refusesWhatIsNotAZeppelinNoteNamingEveryProblem() {
    String tooLong = "%sql select '" + "x".repeat(Paragraph.MAX_TEXT_BYTES) + "'";

    assertThatThrownBy(() -> ZeppelinImport.read("{\"cells\": []}"))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e -> assertThat(e.problems()).extracting(Problem::field).containsExactly("paragraphs"));
    assertThatThrownBy(() -> ZeppelinImport.read(NotebookJson.write(Notebook.empty("ours"))))
        .hasMessageContaining("import it as one");
    assertThatThrownBy(
            () ->
                ZeppelinImport.read(
                    "{\"name\": \"n\", \"paragraphs\": [{\"text\": 3}, 7, {\"text\": \""
                        + tooLong
                        + "\"}]}"))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::field)
                    .containsExactly("paragraphs[0].text", "paragraphs[1]", "paragraphs[2].text"));
    assertThat(Optional.of(ZeppelinImport.read(note("%md   ", "", "%sql\n\n  \n")).notes()))
        .hasValue(List.of("3 empty paragraphs dropped"));
  }
}
