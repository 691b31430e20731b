package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.api.BdpaasException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

class ChartDataTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<ParagraphRun.Column> COLUMNS =
      List.of(
          new ParagraphRun.Column("region", "string"),
          new ParagraphRun.Column("year", "int"),
          new ParagraphRun.Column("amount", "double"));

  private static Consumer<Consumer<ArrayNode>> rows(String... rows) {
    return each -> {
      for (String row : rows) {
        each.accept((ArrayNode) JSON.readTree(row));
      }
    };
  }

  private static final Consumer<Consumer<ArrayNode>> SALES =
      rows(
          "[\"north\", 2024, 10]",
          "[\"south\", 2024, 5]",
          "[\"north\", 2025, 30]",
          "[\"north\", 2025, null]",
          "[\"east\", 2025, \"7.5\"]");

  @Test
  void valuesSharingAKeyAreCombinedByTheAggregation() {
    ChartData sum =
        ChartData.of(
            COLUMNS,
            Display.chart(Display.ChartType.BAR, "region", "amount", null, Display.Aggregation.SUM),
            SALES);
    ChartData count =
        ChartData.of(
            COLUMNS,
            Display.chart(
                Display.ChartType.PIE, "region", "amount", null, Display.Aggregation.COUNT),
            SALES);
    ChartData average =
        ChartData.of(
            COLUMNS,
            Display.chart(
                Display.ChartType.LINE, "region", "amount", null, Display.Aggregation.AVG),
            SALES);

    assertThat(sum.keys()).containsExactly("north", "south", "east");
    assertThat(sum.series())
        .singleElement()
        .satisfies(s -> assertThat(s.name()).isEqualTo("amount"));
    assertThat(sum.series().get(0).values()).containsExactly(40.0, 5.0, 7.5);
    assertThat(count.series().get(0).values()).containsExactly(3.0, 1.0, 1.0);
    assertThat(average.series().get(0).values()).containsExactly(20.0, 5.0, 7.5);
  }

  @Test
  void aGroupColumnMakesOneSeriesPerValueAlignedToTheKeys() {
    ChartData chart =
        ChartData.of(
            COLUMNS,
            Display.chart(
                Display.ChartType.BAR, "region", "amount", "year", Display.Aggregation.MAX),
            SALES);

    assertThat(chart.series()).extracting(ChartData.Series::name).containsExactly("2024", "2025");
    assertThat(chart.series().get(0).values()).containsExactly(10.0, 5.0, null);
    assertThat(chart.series().get(1).values()).containsExactly(30.0, null, 7.5);
  }

  @Test
  void aScatterChartTakesThePointsAsTheyAre() {
    ChartData chart =
        ChartData.of(
            COLUMNS,
            Display.chart(
                Display.ChartType.SCATTER, "year", "amount", null, Display.Aggregation.SUM),
            SALES);

    assertThat(chart.points()).hasSize(4);
    assertThat(chart.points().get(0)).containsExactly(2024.0, 10.0);
  }

  @Test
  void keysBeyondTheLimitAreLeftOutAndSaid() {
    ChartData chart =
        ChartData.of(
            COLUMNS,
            Display.chart(Display.ChartType.BAR, "year", "amount", null, Display.Aggregation.SUM),
            each -> {
              for (int i = 0; i < ChartData.MAX_KEYS + 5; i++) {
                each.accept((ArrayNode) JSON.readTree("[\"r\", " + i + ", 1]"));
              }
            });

    assertThat(chart.keys()).hasSize(ChartData.MAX_KEYS);
    assertThat(chart.truncated()).isTrue();
  }

  @Test
  void missingOrUnknownColumnsAreNamed() {
    assertThatThrownBy(
            () ->
                ChartData.of(
                    COLUMNS,
                    Display.chart(
                        Display.ChartType.BAR, null, "profit", null, Display.Aggregation.SUM),
                    SALES))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e ->
                assertThat(e.problems())
                    .extracting(problem -> problem.field() + ": " + problem.message())
                    .containsExactly(
                        "key: choose a column of the result",
                        "value: the result has no column profit; its columns are [region, year,"
                            + " amount]"));
  }
}
