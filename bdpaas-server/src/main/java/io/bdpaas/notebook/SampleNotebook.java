package io.bdpaas.notebook;

import java.util.List;

/**
 * The notebook every new Spark project starts with: it reads the project's sample dataset and shows
 * a table, a chart and a parameter, so that a first-time user sees a result within a minute of the
 * project being ready.
 */
final class SampleNotebook {
  static final String NAME = "Getting started";

  private SampleNotebook() {}

  /**
   * @param sales where Spark reads the project's {@code sales.csv}
   */
  static Notebook over(String sales) {
    String path = sales.replace("\\", "\\\\").replace("'", "\\'");
    return new Notebook(
        NAME,
        List.of(
            Paragraph.markdown(
                """
                # Getting started
                This notebook reads `sales.csv`, the sample dataset in this project's files, with \
                Spark SQL on the project's own Spark cluster. Press **Run all**, or run one \
                paragraph with **Shift+Enter**. Upload your own CSV, JSON, Parquet or text files \
                on the project's page and read them the same way."""),
            Paragraph.sql(
                    "CREATE OR REPLACE TEMPORARY VIEW sales\n"
                        + "USING csv\n"
                        + "OPTIONS (path '"
                        + path
                        + "', header 'true', inferSchema 'true')")
                .withTitle("Read the sample as a view"),
            Paragraph.sql(
                    "SELECT region, round(sum(units * unit_price), 2) AS revenue\n"
                        + "FROM sales\nGROUP BY region\nORDER BY region")
                .withTitle("Revenue by region")
                .withDisplay(
                    Display.chart(
                        Display.ChartType.BAR, "region", "revenue", null, Display.Aggregation.SUM)),
            Paragraph.sql(
                    "SELECT product, sum(units) AS units\n"
                        + "FROM sales\nWHERE region = :region\n"
                        + "GROUP BY product\nORDER BY units DESC")
                .withTitle("Units by product in one region")
                .withParameters(List.of(Parameter.of("region", "North"))),
            Paragraph.markdown(
                """
                Tables you save stay with the project when it is stopped and started again, \
                for example `CREATE TABLE sales_kept AS SELECT * FROM sales`. Temporary views, \
                like `sales` above, last as long as the project's cluster.""")));
  }
}
