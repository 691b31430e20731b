package io.bdpaas.notebook;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A result drawn as a chart: its rows grouped by key (and group) and their values combined by the
 * chosen aggregation, on the server over the whole kept result, so that the browser draws a few
 * hundred points and never holds the rows. A scatter chart takes the rows' (key, value) points as
 * they are.
 *
 * @param keys along the x axis, in order of first appearance (the slices of a pie)
 * @param series one per group value (one unnamed series without a group), values aligned to keys
 * @param points for a scatter chart: [x, y] pairs
 * @param truncated whether keys, groups or points were left out beyond the limits
 */
public record ChartData(
    String type,
    String key,
    String value,
    String aggregation,
    List<String> keys,
    List<Series> series,
    List<double[]> points,
    boolean truncated) {
  static final int MAX_KEYS = 1000;
  static final int MAX_GROUPS = 20;
  static final int MAX_POINTS = 5000;

  /** One line, one set of bars. */
  public record Series(String name, List<Double> values) {}

  /**
   * Aggregates the rows {@code forEachRow} gives.
   *
   * @throws BdpaasException when the display names no key or value, or columns the result lacks
   */
  public static ChartData of(
      List<ParagraphRun.Column> columns,
      Display display,
      Consumer<Consumer<ArrayNode>> forEachRow) {
    List<Problem> problems = new ArrayList<>();
    int key = column(columns, display.key().orElse(null), "key", problems);
    int value = column(columns, display.value().orElse(null), "value", problems);
    int group =
        display.group().isPresent()
            ? column(columns, display.group().get(), "group", problems)
            : -1;
    BdpaasException.throwIfAny(problems);
    String type = display.type().wireName();
    String aggregation = display.aggregation().wireName();
    String keyName = columns.get(key).name();
    String valueName = columns.get(value).name();
    if (display.type() == Display.ChartType.SCATTER) {
      List<double[]> points = new ArrayList<>();
      boolean[] truncated = {false};
      forEachRow.accept(
          row -> {
            Double x = number(row.get(key));
            Double y = number(row.get(value));
            if (x != null && y != null) {
              if (points.size() < MAX_POINTS) {
                points.add(new double[] {x, y});
              } else {
                truncated[0] = true;
              }
            }
          });
      return new ChartData(
          type, keyName, valueName, aggregation, List.of(), List.of(), points, truncated[0]);
    }
    Map<String, Integer> keyIndex = new LinkedHashMap<>();
    Map<String, Map<Integer, Accumulator>> groups = new LinkedHashMap<>();
    boolean[] truncated = {false};
    forEachRow.accept(
        row -> {
          String k = text(row.get(key));
          String g = group < 0 ? "" : text(row.get(group));
          Integer index = keyIndex.get(k);
          if (index == null) {
            if (keyIndex.size() >= MAX_KEYS) {
              truncated[0] = true;
              return;
            }
            index = keyIndex.size();
            keyIndex.put(k, index);
          }
          Map<Integer, Accumulator> series = groups.get(g);
          if (series == null) {
            if (groups.size() >= MAX_GROUPS) {
              truncated[0] = true;
              return;
            }
            series = new LinkedHashMap<>();
            groups.put(g, series);
          }
          series.computeIfAbsent(index, i -> new Accumulator()).add(number(row.get(value)));
        });
    List<Series> series = new ArrayList<>();
    groups.forEach(
        (name, accumulators) -> {
          List<Double> values = new ArrayList<>();
          for (int i = 0; i < keyIndex.size(); i++) {
            Accumulator accumulator = accumulators.get(i);
            values.add(accumulator == null ? null : accumulator.result(display.aggregation()));
          }
          series.add(new Series(group < 0 ? valueName : name, values));
        });
    return new ChartData(
        type,
        keyName,
        valueName,
        aggregation,
        List.copyOf(keyIndex.keySet()),
        series,
        List.of(),
        truncated[0]);
  }

  private static int column(
      List<ParagraphRun.Column> columns, String name, String field, List<Problem> problems) {
    if (name == null) {
      problems.add(Problem.of(field, "choose a column of the result"));
      return -1;
    }
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    problems.add(
        Problem.of(
            field,
            "the result has no column "
                + name
                + "; its columns are "
                + columns.stream().map(ParagraphRun.Column::name).toList()));
    return -1;
  }

  private static String text(JsonNode cell) {
    return cell == null || cell.isNull()
        ? "null"
        : cell.isValueNode() ? cell.asString() : cell.toString();
  }

  private static Double number(JsonNode cell) {
    if (cell == null || cell.isNull()) {
      return null;
    }
    if (cell.isNumber()) {
      return cell.asDouble();
    }
    if (cell.isString()) {
      try {
        return Double.parseDouble(cell.asString());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Combines the values of one key in one series. */
  private static final class Accumulator {
    private long count;
    private long numbers;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(Double value) {
      count++;
      if (value != null) {
        numbers++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }

    Double result(Display.Aggregation aggregation) {
      return switch (aggregation) {
        case COUNT -> (double) count;
        case SUM -> numbers == 0 ? null : sum;
        case AVG -> numbers == 0 ? null : sum / numbers;
        case MIN -> numbers == 0 ? null : min;
        case MAX -> numbers == 0 ? null : max;
      };
    }
  }
}
