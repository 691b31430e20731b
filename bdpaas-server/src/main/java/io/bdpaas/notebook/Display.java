package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * How an SQL paragraph's result is shown: as a table or as a chart. The chart settings are kept
 * while the table is shown, so that switching back and forth does not lose them.
 *
 * @param mode table or chart
 * @param type the kind of chart
 * @param key the column along the x axis (the slices of a pie)
 * @param value the column that is measured
 * @param group the column whose values become separate series, if any
 * @param aggregation how values that share a key (and group) are combined
 */
public record Display(
    Mode mode,
    ChartType type,
    Optional<String> key,
    Optional<String> value,
    Optional<String> group,
    Aggregation aggregation) {
  public static final int MAX_COLUMN_NAME_LENGTH = 256;

  public Display {
    requireNonNull(mode, "mode is null");
    requireNonNull(type, "type is null");
    requireNonNull(key, "key is null");
    requireNonNull(value, "value is null");
    requireNonNull(group, "group is null");
    requireNonNull(aggregation, "aggregation is null");
    checkColumn("key", key);
    checkColumn("value", value);
    checkColumn("group", group);
  }

  private static void checkColumn(String field, Optional<String> column) {
    if (column.isPresent()
        && (column.get().isEmpty() || column.get().length() > MAX_COLUMN_NAME_LENGTH)) {
      throw new IllegalArgumentException(
          field + " must be a column name of 1 to " + MAX_COLUMN_NAME_LENGTH + " characters");
    }
  }

  /** A table, with a bar chart summing nothing chosen yet behind it. */
  public static Display table() {
    return new Display(
        Mode.TABLE,
        ChartType.BAR,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Aggregation.SUM);
  }

  public static Display chart(
      ChartType type, String key, String value, String group, Aggregation aggregation) {
    return new Display(
        Mode.CHART,
        type,
        Optional.ofNullable(key),
        Optional.ofNullable(value),
        Optional.ofNullable(group),
        aggregation);
  }

  public Display withMode(Mode newMode) {
    return new Display(newMode, type, key, value, group, aggregation);
  }

  /** Table or chart. */
  public enum Mode {
    TABLE,
    CHART;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The kinds of chart the console draws. */
  public enum ChartType {
    BAR,
    LINE,
    AREA,
    PIE,
    SCATTER;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How values sharing a key are combined before they are drawn. */
  public enum Aggregation {
    SUM,
    COUNT,
    AVG,
    MIN,
    MAX;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
